import type { SystemDb } from '../db/scope.ts';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { idempotencyKeys } from './tables.ts';

// Every statement here runs as the owner role outside the request's scoped transaction (the table is platform-level
// and has no policy): hence unsafe…, and every one but the purge is confined to one caller's key.

export interface ClaimRequest {
  callerId: string;
  keyHash: string;
  fingerprint: string;
  claim: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; statusCode: number; response: Buffer };

/**
 * Claims a key for one execution, in one statement so that racing instances get exactly one executor: a new key, one
 * older than `expiredBefore` (kept no longer, not yet purged), or one left in flight past its lock by the same request
 * (its instance crashed) is taken; otherwise the row found says whether to replay, refuse or wait.
 */
export async function claimIdempotencyKey(
  db: SystemDb,
  request: ClaimRequest,
  now: Date,
  lockedUntil: Date,
  expiredBefore: Date,
): Promise<ClaimOutcome> {
  const t = idempotencyKeys;
  const [taken] = await db
    .insert(t)
    .values({
      callerId: request.callerId,
      keyHash: request.keyHash,
      fingerprint: request.fingerprint,
      claim: request.claim,
      createdAt: now,
      lockedUntil,
    })
    .onConflictDoUpdate({
      target: [t.callerId, t.keyHash],
      set: {
        fingerprint: sql`excluded.fingerprint`,
        claim: sql`excluded.claim`,
        createdAt: sql`excluded.created_at`,
        lockedUntil: sql`excluded.locked_until`,
        statusCode: null,
        response: null,
      },
      setWhere: or(
        lte(t.createdAt, expiredBefore),
        and(isNull(t.statusCode), lte(t.lockedUntil, now), eq(t.fingerprint, sql`excluded.fingerprint`)),
      ),
    })
    .returning({ claim: t.claim });
  if (taken) return { kind: 'claimed' };
  const [row] = await db
    .select({ fingerprint: t.fingerprint, statusCode: t.statusCode, response: t.response })
    .from(t)
    .where(and(eq(t.callerId, request.callerId), eq(t.keyHash, request.keyHash)));
  // No row: its executor released it (a 5xx) between the two statements; the client may simply try again.
  if (!row) return { kind: 'in_flight' };
  if (row.fingerprint !== request.fingerprint) return { kind: 'mismatch' };
  if (row.statusCode === null || !row.response) return { kind: 'in_flight' };
  return { kind: 'replay', statusCode: row.statusCode, response: row.response };
}

/** Keeps the answer of a claimed execution; a claim taken over meanwhile (its lock expired) is left alone. */
export async function completeIdempotencyKey(
  db: SystemDb,
  request: ClaimRequest,
  statusCode: number,
  response: Buffer,
): Promise<void> {
  const t = idempotencyKeys;
  await db
    .update(t)
    .set({ statusCode, response, lockedUntil: null })
    .where(and(eq(t.callerId, request.callerId), eq(t.keyHash, request.keyHash), eq(t.claim, request.claim)));
}

/** Gives a claimed key back (the answer is not kept): the client's retry will execute. */
export async function releaseIdempotencyKey(db: SystemDb, request: ClaimRequest): Promise<void> {
  const t = idempotencyKeys;
  await db
    .delete(t)
    .where(and(eq(t.callerId, request.callerId), eq(t.keyHash, request.keyHash), eq(t.claim, request.claim)));
}

/**
 * Deletes up to `batch` keys created before `before`, across callers. Rows another instance is purging (or a request
 * is taking over) are skipped, not waited for. Returns how many were deleted.
 */
export async function purgeIdempotencyKeys(db: SystemDb, before: Date, batch: number): Promise<number> {
  const t = idempotencyKeys;
  const due = db
    .select({ callerId: t.callerId, keyHash: t.keyHash })
    .from(t)
    .where(lte(t.createdAt, before))
    .orderBy(t.createdAt)
    .limit(batch)
    .for('update', { skipLocked: true });
  const deleted = await db
    .delete(t)
    .where(sql`(${t.callerId}, ${t.keyHash}) IN ${due}`)
    .returning({ claim: t.claim });
  return deleted.length;
}
