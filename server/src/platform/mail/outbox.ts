import type { Tx } from '../db/client.ts';
import type { Locale } from '../i18n/messages.ts';
import { countOutboundMail, type MailSender } from './limits.ts';
import { insertMail } from './repository.ts';
import { renderMail, type MailParams, type MailTemplate } from './templates.ts';

export interface QueuedMail<T extends MailTemplate> {
  /** The organisation the message concerns, if any. */
  organizationId?: string | null;
  /**
   * Set for mail to an address the sender chose (invitations, activation links, relationship requests): counted
   * against the sending organisation's and the recipient's limits (limits.ts). Null for notices to people who are
   * already the organisation's own operators, which follow from a change rather than reach out.
   */
  sender: MailSender | null;
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
  const recipient = mail.recipient.trim().toLowerCase();
  if (mail.sender) await countOutboundMail(tx, mail.sender, recipient);
  const rendered = renderMail(mail.template, mail.language, mail.params);
  await insertMail(tx, {
    organizationId: mail.organizationId ?? null,
    recipient,
    language: mail.language,
    template: mail.template,
    ...rendered,
  });
}
