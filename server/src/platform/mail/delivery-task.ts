import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import type { Task } from '../jobs/worker.ts';
import * as repo from './repository.ts';

const BATCH = 20;
const LEASE_SECONDS = 5 * 60;
const MAX_ATTEMPTS = 12;
const MAX_BACKOFF_SECONDS = 6 * 60 * 60;

/** After the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours (about a day in all); null after the 12th. */
export function retryDelaySeconds(attempts: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return Math.min(60 * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS);
}

// One transport per SMTP address, reused across rounds.
const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

function senderAddress(config: Config): string {
  return `Relais <no-reply@${new URL(config.PUBLIC_URL).hostname}>`;
}

/**
 * Delivers the outbox (DESIGN §7). With SMTP_URL the due messages are leased, sent one by one through nodemailer
 * outside any transaction, then marked sent or rescheduled with a growing delay. Without it they are marked sent at
 * once and stay in the table, where the development mailbox shows them.
 */
export const mailDeliveryTask: Task = {
  name: 'mail-delivery',
  everyMs: 2000,
  run: async ({ config, database }, now) => {
    const smtp = config.SMTP_URL;
    if (!smtp) return unsafeSystemTransaction(database.db, (tx) => repo.keepDueMail(tx, BATCH), now);
    const leased = await unsafeSystemTransaction(database.db, (tx) => repo.leaseDueMail(tx, BATCH, LEASE_SECONDS), now);
    const transport = transportFor(smtp);
    for (const mail of leased) {
      let error: string | null = null;
      try {
        await transport.sendMail({
          from: senderAddress(config),
          to: mail.recipient,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      await unsafeSystemTransaction(
        database.db,
        (tx) =>
          error === null
            ? repo.markMailSent(tx, mail.id)
            : repo.markMailFailed(tx, mail.id, error, retryDelaySeconds(mail.attempts)),
        now,
      );
    }
    return leased.length;
  },
};
