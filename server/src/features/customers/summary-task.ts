import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../platform/db/client.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import type { Task } from '../../platform/jobs/worker.ts';

const BATCH = 50;

/**
 * Refreshes the queued partner and distributor summaries (sums over the customers each one sees). Claimed with
 * SKIP LOCKED and deleted in the transaction that recomputes them: a crash puts them back, two workers never share
 * one. Also queues the providers whose delegated access ended since their summary was computed, since that change
 * comes from the clock and no trigger sees it.
 */
export const summaryRefreshTask: Task = {
  name: 'summary-refresh',
  everyMs: 1000,
  run: ({ database }, now) => refreshQueuedSummaries(database, now),
};

/** Until the queue is empty (after a bulk seed). */
export async function refreshAllQueuedSummaries(database: DatabaseHandle, now: Date): Promise<void> {
  while ((await refreshQueuedSummaries(database, now)) > 0);
}

function refreshQueuedSummaries(database: DatabaseHandle, now: Date): Promise<number> {
  return unsafeSystemTransaction(
    database.db,
    async (tx) => {
      await tx.execute(sql`
          INSERT INTO summary_refresh_queue (organization_id)
          SELECT DISTINCT a.viewer_id FROM organization_access a
            JOIN organization_summaries s ON s.organization_id = a.viewer_id
           WHERE a.organization_kind = 'customer' AND s.kind IN ('vendor', 'partner', 'distributor')
             AND a.ends_at <= relais_now() AND a.ends_at > s.updated_at
          ON CONFLICT (organization_id) DO NOTHING`);
      const claimed = rowsOf<{ id: string }>(
        await tx.execute(sql`
            DELETE FROM summary_refresh_queue WHERE organization_id IN (
              SELECT organization_id FROM summary_refresh_queue ORDER BY queued_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
            RETURNING organization_id AS id`),
      );
      if (claimed.length === 0) return 0;
      await tx.execute(
        sql`SELECT relais_refresh_aggregate_summaries(${`{${claimed.map((r) => r.id).join(',')}}`}::uuid[])`,
      );
      return claimed.length;
    },
    now,
  );
}

/**
 * Compacts the ledger of access counts (organization_access_counts, migration 0016) to one row per viewer, kind and
 * health, so that a list's total sums a handful of rows whatever the history of changes.
 */
export const accessCountCompactionTask: Task = {
  name: 'access-count-compaction',
  everyMs: 10_000,
  run: ({ database }) =>
    unsafeSystemTransaction(database.db, async (tx) => {
      const result = await tx.execute(sql`SELECT relais_compact_access_counts() AS removed`);
      // The ledger rows it folded away: 0 once compact, and the worker then waits for the next period.
      return rowsOf<{ removed: number }>(result)[0]?.removed ?? 0;
    }),
};
