import type { SystemTx } from '../db/scope.ts';
import { and, desc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { mailOutbox } from './tables.ts';

export type MailRow = typeof mailOutbox.$inferSelect;

/** Appends a message; no RETURNING, since the actor's role may write the outbox but never read it. */
export async function insertMail(tx: Tx, row: Omit<typeof mailOutbox.$inferInsert, 'createdAt' | 'nextAttemptAt'>) {
  await tx.insert(mailOutbox).values({ ...row, createdAt: sql`relais_now()`, nextAttemptAt: sql`relais_now()` });
}

/** The oldest due, unsent messages, locked for this transaction; others' claims are skipped. */
function claimDue(tx: Tx, limit: number) {
  return tx
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, sql`relais_now()`)))
    .orderBy(mailOutbox.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Without SMTP: marks due messages sent, so that they show in the development mailbox. */
export async function keepDueMail(tx: SystemTx, limit: number): Promise<number> {
  const rows = await tx
    .update(mailOutbox)
    .set({ sentAt: sql`relais_now()`, attempts: sql`${mailOutbox.attempts} + 1` })
    .where(inArray(mailOutbox.id, claimDue(tx, limit)))
    .returning({ id: mailOutbox.id });
  return rows.length;
}

/**
 * With SMTP: leases due messages (counts the attempt and moves next_attempt_at past the lease), so that they are
 * sent outside any transaction; if the process dies while sending, they come due again when the lease ends.
 */
export function leaseDueMail(tx: SystemTx, limit: number, leaseSeconds: number): Promise<MailRow[]> {
  return tx
    .update(mailOutbox)
    .set({
      attempts: sql`${mailOutbox.attempts} + 1`,
      nextAttemptAt: sql`relais_now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where(inArray(mailOutbox.id, claimDue(tx, limit)))
    .returning();
}

export async function markMailSent(tx: SystemTx, id: string) {
  await tx
    .update(mailOutbox)
    .set({ sentAt: sql`relais_now()`, lastError: null })
    .where(eq(mailOutbox.id, id));
}

/** Records a failed attempt; `retryInSeconds` null gives up (the message stays, unsent, with its error). */
export async function markMailFailed(tx: SystemTx, id: string, error: string, retryInSeconds: number | null) {
  await tx
    .update(mailOutbox)
    .set({
      lastError: error.slice(0, 1000),
      nextAttemptAt:
        retryInSeconds === null
          ? sql`'infinity'::timestamptz`
          : sql`relais_now() + make_interval(secs => ${retryInSeconds})`,
    })
    .where(eq(mailOutbox.id, id));
}

export interface KeptMailFilter {
  recipient?: string | undefined;
  after?: { createdAt: string; id: string } | null;
  limit: number;
}

/** The development mailbox: every kept message of every organisation, newest first (public only without SMTP). */
export async function listKeptMail(tx: SystemTx, filter: KeptMailFilter) {
  const conditions: SQL[] = [isNotNull(mailOutbox.sentAt)];
  if (filter.recipient) conditions.push(eq(mailOutbox.recipient, filter.recipient.trim().toLowerCase()));
  const where = and(...conditions);
  const page = filter.after
    ? and(
        where,
        sql`(${mailOutbox.createdAt}, ${mailOutbox.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`,
      )
    : where;
  const rows = await tx
    .select()
    .from(mailOutbox)
    .where(page)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(mailOutbox)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}
