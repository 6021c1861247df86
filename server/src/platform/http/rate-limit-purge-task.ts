import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { purgeThrottle } from '../auth/repository.ts';
import type { Task } from '../jobs/worker.ts';

const BATCH = 1000;

/**
 * Deletes the rate-limit windows that are over and the sign-in counters that are forgotten. Readers already ignore
 * them, so this only keeps both tables small (a spray of made-up addresses leaves a counter per address); each round
 * deletes a batch of each, and the worker runs it again while it finds rows.
 */
export const rateLimitPurgeTask: Task = {
  name: 'rate-limit-purge',
  everyMs: 10 * 60_000,
  run: ({ database }, now) =>
    unsafeSystemTransaction(database.db, async (tx) => {
      const windows = await tx.execute(sql`DELETE FROM rate_limits WHERE (key, window_start) IN (
          SELECT key, window_start FROM rate_limits WHERE expires_at <= ${now.toISOString()}::timestamptz
           LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING 1`);
      return rowsOf(windows).length + (await purgeThrottle(tx, now, BATCH));
    }),
};
