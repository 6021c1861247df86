import type { Tx } from '../db/client.ts';
import type { Locale } from '../i18n/messages.ts';
import { insertMail } from './repository.ts';
import { renderMail, type MailParams, type MailTemplate } from './templates.ts';

export interface QueuedMail<T extends MailTemplate> {
  /** The organisation the message concerns, if any. */
  organizationId?: string | null;
  recipient: string;
  language: Locale;
  template: T;
  params: MailParams[T];
}

/**
 * Renders a message and writes it to the outbox in the caller's transaction: it is sent (by the delivery task) if and
 * only if the change that sends it commits.
 */
export async function queueMail<T extends MailTemplate>(tx: Tx, mail: QueuedMail<T>): Promise<void> {
  const rendered = renderMail(mail.template, mail.language, mail.params);
  await insertMail(tx, {
    organizationId: mail.organizationId ?? null,
    recipient: mail.recipient.trim().toLowerCase(),
    language: mail.language,
    template: mail.template,
    ...rendered,
  });
}
