import type { MailRow } from './repository.ts';
import type { MailMessage } from './schemas.ts';

/** A kept message as the development mailbox shows it. */
export function presentMail(row: MailRow): MailMessage {
  return {
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    createdAt: row.createdAt.toISOString(),
  };
}
