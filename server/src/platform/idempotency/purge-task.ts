import { unsafeSystemStatement } from '../db/scope.ts';
import type { Task } from '../jobs/worker.ts';
import { IDEMPOTENCY_KEEP_MS } from './plugin.ts';
import { purgeIdempotencyKeys } from './repository.ts';

const BATCH = 1000;

/**
 * Deletes Idempotency-Key rows older than 24 hours. Claims already treat such a row as absent, so this only keeps the
 * table small; each round is one DELETE of a batch (SKIP LOCKED), and the worker runs it again while it finds rows.
 */
export const idempotencyPurgeTask: Task = {
  name: 'idempotency-purge',
  everyMs: 10 * 60_000,
  run: ({ database }, now) =>
    unsafeSystemStatement(database.db, (db) =>
      purgeIdempotencyKeys(db, new Date(now.getTime() - IDEMPOTENCY_KEEP_MS), BATCH),
    ),
};
