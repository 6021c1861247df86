import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { sha256 } from '../auth/passwords.ts';
import { AppError } from '../errors/app-error.ts';

/** Mail to addresses a sender chooses: at most so many per sending organisation per hour, per recipient per day. */
export interface MailLimits {
  perOrganizationPerHour: number;
  perRecipientPerDay: number;
}

/** Who sends a message to an address of their choosing, and the limits that apply to them. */
export interface MailSender {
  organizationId: string;
  limits: MailLimits;
}

export function mailLimitsOf(config: Pick<Config, 'MAIL_LIMIT_PER_ORGANIZATION' | 'MAIL_LIMIT_PER_RECIPIENT'>) {
  return {
    perOrganizationPerHour: config.MAIL_LIMIT_PER_ORGANIZATION,
    perRecipientPerDay: config.MAIL_LIMIT_PER_RECIPIENT,
  } satisfies MailLimits;
}

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/**
 * Counts one message against its sender's hourly window and its recipient's daily one, in the transaction that sends
 * it (relais_rate_limit_hit, migration 0010): a refused message throws 429 `rate_limited` and the change that would
 * have sent it rolls back with its counts, so only mail that is really sent is counted. Mail is rare next to reads, so
 * one statement more on its write is cheap, and being in the transaction makes the count exact across instances.
 * The recipient's window is one per address whoever sends (a link resent ten times, or ten organisations inviting
 * one address); addresses are kept hashed.
 */
export async function countOutboundMail(tx: Tx, sender: MailSender, recipient: string): Promise<void> {
  const result = await tx.execute(sql`
    SELECT o.total AS organization_total, ceil(extract(epoch FROM o.window_end - relais_now()))::int AS organization_wait,
           r.total AS recipient_total, ceil(extract(epoch FROM r.window_end - relais_now()))::int AS recipient_wait
      FROM relais_rate_limit_hit(${`mail:org:${sender.organizationId}`}, ${HOUR_S}) o,
           relais_rate_limit_hit(${`mail:to:${sha256(recipient)}`}, ${DAY_S}) r`);
  const [row] = rowsOf<{
    organization_total: number;
    organization_wait: number;
    recipient_total: number;
    recipient_wait: number;
  }>(result);
  if (!row) throw new Error('relais_rate_limit_hit answered nothing');
  const waits: number[] = [];
  if (row.organization_total > sender.limits.perOrganizationPerHour) waits.push(row.organization_wait);
  if (row.recipient_total > sender.limits.perRecipientPerDay) waits.push(row.recipient_wait);
  if (waits.length === 0) return;
  const seconds = Math.max(1, ...waits);
  throw new AppError('rate_limited', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
}
