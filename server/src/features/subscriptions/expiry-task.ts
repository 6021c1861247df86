import { sql } from 'drizzle-orm';
import { rowsOf } from '../../platform/db/client.ts';
import { unsafeSystemTransaction, type SystemTx } from '../../platform/db/scope.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { Task } from '../../platform/jobs/worker.ts';

const BATCH = 100;
const context = { actor: null };

interface Claimed {
  id: string;
  customer_id: string;
  sku_name: string;
  commitment_ends_at: string | Date;
  previous_end: string | Date;
}

const iso = (d: string | Date) => new Date(d).toISOString();

/** The active subscriptions whose commitment ended, locked (SKIP LOCKED) and renewed or expired in one statement. */
async function endTerms(tx: SystemTx): Promise<{ renewed: Claimed[]; expired: Claimed[] }> {
  const result = await tx.execute(sql`
    WITH due AS (
      SELECT s.id, s.commitment_ends_at AS previous_end FROM subscriptions s
       WHERE s.status = 'active' AND s.commitment_ends_at <= relais_now()
       ORDER BY s.commitment_ends_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    UPDATE subscriptions s
       SET commitment_ends_at = CASE WHEN s.auto_renew
                                     THEN s.commitment_ends_at + make_interval(months => s.term_months)
                                     ELSE s.commitment_ends_at END,
           status = CASE WHEN s.auto_renew THEN s.status ELSE 'expired' END,
           version = s.version + 1, updated_at = relais_now()
      FROM due, skus k
     WHERE s.id = due.id AND k.id = s.sku_id
    RETURNING s.id, s.customer_id, k.name AS sku_name, s.commitment_ends_at, due.previous_end, s.auto_renew`);
  const rows = rowsOf<Claimed & { auto_renew: boolean }>(result);
  return { renewed: rows.filter((r) => r.auto_renew), expired: rows.filter((r) => !r.auto_renew) };
}

/** Active subscriptions within 30 days of their commitment end not yet announced for that end; marked announced. */
async function claimExpiring(tx: SystemTx): Promise<(Claimed & { auto_renew: boolean })[]> {
  const result = await tx.execute(sql`
    WITH due AS (
      SELECT s.id FROM subscriptions s
       WHERE s.status = 'active' AND s.commitment_ends_at > relais_now()
         AND s.commitment_ends_at <= relais_now() + interval '30 days'
         AND s.expiry_notice_for IS DISTINCT FROM s.commitment_ends_at
       ORDER BY s.commitment_ends_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    UPDATE subscriptions s SET expiry_notice_for = s.commitment_ends_at
      FROM due, skus k
     WHERE s.id = due.id AND k.id = s.sku_id
    RETURNING s.id, s.customer_id, k.name AS sku_name, s.commitment_ends_at, s.commitment_ends_at AS previous_end,
              s.auto_renew`);
  return rowsOf<Claimed & { auto_renew: boolean }>(result);
}

/**
 * Subscription terms: when an active subscription's commitment ends, an auto-renewing one starts a new term of the
 * same length and any other one expires (`subscription.updated`); within 30 days of an end, `subscription.expiring`
 * is announced once per commitment end (`expiry_notice_for`). Renewals run first, so a renewed term is announced
 * only when its own end comes near.
 */
export const subscriptionExpiryTask: Task = {
  name: 'subscription-expiry',
  everyMs: 60_000,
  run: ({ database }, now) =>
    unsafeSystemTransaction(
      database.db,
      async (tx) => {
        const { renewed, expired } = await endTerms(tx);
        for (const s of renewed) {
          await recordEvent(tx, context, {
            action: 'subscription.updated',
            organizationId: s.customer_id,
            target: { type: 'subscription', id: s.id, label: s.sku_name },
            changes: { commitmentEndsAt: { from: iso(s.previous_end), to: iso(s.commitment_ends_at) }, renewed: true },
          });
        }
        for (const s of expired) {
          await recordEvent(tx, context, {
            action: 'subscription.updated',
            organizationId: s.customer_id,
            target: { type: 'subscription', id: s.id, label: s.sku_name },
            changes: { status: { from: 'active', to: 'expired' } },
          });
        }
        const expiring = await claimExpiring(tx);
        for (const s of expiring) {
          await recordEvent(tx, context, {
            action: 'subscription.expiring',
            organizationId: s.customer_id,
            target: { type: 'subscription', id: s.id, label: s.sku_name },
            changes: { commitmentEndsAt: iso(s.commitment_ends_at), autoRenew: s.auto_renew },
          });
        }
        return renewed.length + expired.length + expiring.length;
      },
      now,
    ),
};
