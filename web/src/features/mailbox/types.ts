import type { Schema } from '../../api/types';

/** A message kept by the development mailbox (no SMTP_URL configured). */
export type MailMessage = Schema<'MailMessage'>;
