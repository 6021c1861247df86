import type { PublicContext, ServiceContext } from '../../platform/http/service-context.ts';
import type { Actor } from '../../core/tenancy/actor.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { hashPassword, needsRehash, passwordHashing, verifyPassword } from '../../platform/auth/passwords.ts';
import * as repo from '../../platform/auth/repository.ts';
import { openSession } from '../../platform/auth/sessions.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { ssoRequiredFor } from '../sso/service.ts';
import type { SignInBody } from './schemas.ts';

/**
 * Failures allowed before each kind of lock, within a counter's memory. Growing delays: after the free failures each
 * further one doubles the lock, up to 15 minutes. The lock that matters most is the narrowest — one account from one
 * address (someone guessing, or mistyping their own password). One account from anywhere bounds guessing spread over
 * many addresses. One address over every account bounds spraying, and is much higher: an office or a carrier's NAT
 * puts many people behind one address, and one of them must not lock the others out.
 */
export const SIGN_IN_FREE_FAILURES = { pair: 5, account: 10, address: 100 } as const;
const MAX_LOCK_MS = 15 * 60 * 1000;
// A counter is forgotten an hour after its last failure: longer than the longest lock, so that a lock that ends does
// not hand out a fresh set of free attempts, short enough that yesterday's typos are not held against anyone.
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;
// An account that signed in from an address is not locked out by that address's lock (someone else spraying from
// behind the same NAT) for this long; its own failures still count against it and its pair.
export const TRUSTED_PAIR_MS = 30 * 24 * 60 * 60 * 1000;

export function lockDuration(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** (failures - free), MAX_LOCK_MS);
}

/**
 * Checks the credentials and opens a session; the same error for an unknown e-mail and a wrong password. An
 * organisation that requires single sign-on refuses passwords (403 sso_required).
 */
export async function signIn(ctx: PublicContext, input: SignInBody): Promise<{ secret: string; actor: Actor }> {
  const { deps, now } = ctx;
  const meta = { ip: ctx.client.ip, userAgent: ctx.client.userAgent, requestId: ctx.requestId };
  const db = deps.database.db;
  // A flood waits for password hashing: refused before any SQL when its queue is full, not after two transactions.
  passwordHashing.admit();
  const email = input.email.trim().toLowerCase();
  const keys = { pair: `pair:${email} ${meta.ip}`, account: `account:${email}`, address: `ip:${meta.ip}` };

  const rows = await unsafeSystemTransaction(db, (tx) => repo.throttleRows(tx, Object.values(keys), now));
  const trusted = rows.some((r) => r.key === keys.pair && r.trustedUntil && r.trustedUntil > now);
  const locks = rows
    .filter((r) => r.lockedUntil && r.lockedUntil > now && !(trusted && r.key === keys.address))
    .map((r) => r.lockedUntil?.getTime() ?? 0);
  if (locks.length) {
    const seconds = Math.max(1, Math.ceil((Math.max(...locks) - now.getTime()) / 1000));
    throw new AppError('too_many_attempts', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
  }

  const user = await unsafeSystemTransaction(db, (tx) => repo.findUserForSignIn(tx, email));
  const valid = (await verifyPassword(user?.passwordHash, input.password)) && user?.status === 'active';

  if (!valid || !user) {
    await unsafeSystemTransaction(db, async (tx) => {
      // A trusted pair's failures are its owner's typos: they count against the account, not against the address.
      const counted = trusted ? (['pair', 'account'] as const) : (['pair', 'account', 'address'] as const);
      for (const kind of counted) {
        const failures = await repo.countFailure(tx, keys[kind], now, FAILURE_MEMORY_MS);
        const lock = lockDuration(failures, SIGN_IN_FREE_FAILURES[kind]);
        if (lock > 0) await repo.lockThrottle(tx, keys[kind], new Date(now.getTime() + lock));
      }
      if (user) {
        await recordEvent(
          tx,
          { actor: null, requestId: meta.requestId },
          {
            action: 'auth.sign_in_failed',
            organizationId: user.organizationId,
            target: { type: 'user', id: user.userId, label: email },
            changes: { ip: meta.ip },
          },
        );
      }
    });
    throw new AppError('invalid_credentials');
  }

  // Only someone who knows the password learns that their organisation wants single sign-on instead.
  if (await unsafeSystemTransaction(db, (tx) => ssoRequiredFor(tx, user.organizationId))) {
    throw new AppError('sso_required');
  }

  // The one moment the password is known: a hash made with older parameters is replaced by one made with today's.
  const rehashed = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;

  return unsafeSystemTransaction(db, async (tx) => {
    if (rehashed) await repo.replacePasswordHash(tx, user.userId, user.passwordHash ?? '', rehashed);
    // The address's counter stays: signing in to one's own account must not reset a spray from the same address.
    await repo.clearFailures(tx, keys.account);
    await repo.trustPair(tx, keys.pair, now, new Date(now.getTime() + TRUSTED_PAIR_MS));
    const { userId: id, organizationId, organizationKind, roles, language } = user;
    return openSession(
      tx,
      { id, email, organizationId, organizationKind, roles, language },
      { ...meta, via: 'password' },
      now,
    );
  });
}

/** Ends a session (the caller's own: row-level security lets a user delete only theirs). */
export async function signOut({ actor, tx, events }: ServiceContext, { sessionId }: { sessionId: string }) {
  await repo.deleteSession(tx, sessionId);
  await recordEvent(tx, events, {
    action: 'auth.signed_out',
    organizationId: actor.organizationId,
    target: { type: 'session', id: sessionId },
  });
}
