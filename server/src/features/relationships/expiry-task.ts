import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { Task } from '../../platform/jobs/worker.ts';
import { claimNotices } from './repository.ts';

const BATCH = 100;

/**
 * Announces delegated-admin relationships that enter their last 30 days (`relationship.expiring`, for the customer:
 * the provider still sees it) and those that reached their end (`relationship.expired`, for the customer and for the
 * provider, which no longer sees the customer). Each once per end date, through the marker columns, so that a
 * relationship extended to a new end is announced again. The state itself needs no job: it follows from the clock.
 */
export const relationshipExpiryTask: Task = {
  name: 'relationship-expiry',
  everyMs: 60_000,
  run: ({ database }, now) =>
    unsafeSystemTransaction(
      database.db,
      async (tx) => {
        const context = { actor: null };
        const expired = await claimNotices(tx, 'expired', BATCH);
        for (const r of expired) {
          const event = {
            action: 'relationship.expired' as const,
            target: { type: 'delegated_admin_relationship', id: r.id, label: r.customerName },
            changes: { endsAt: r.endsAt.toISOString() },
          };
          await recordEvent(tx, context, { ...event, organizationId: r.customerId });
          await recordEvent(tx, context, { ...event, organizationId: r.providerId });
        }
        const expiring = await claimNotices(tx, 'expiring', BATCH);
        for (const r of expiring) {
          await recordEvent(tx, context, {
            action: 'relationship.expiring',
            organizationId: r.customerId,
            target: { type: 'delegated_admin_relationship', id: r.id, label: r.customerName },
            changes: { endsAt: r.endsAt.toISOString() },
          });
        }
        return expired.length + expiring.length;
      },
      now,
    ),
};
