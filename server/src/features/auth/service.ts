import type { Actor } from '../../platform/access/actor.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import * as repo from '../../platform/auth/repository.ts';
import { unsafeOpenSession } from '../../platform/auth/sessions.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { ssoRequiredFor } from '../sso/service.ts';
import type { SignInBody } from './schemas.ts';

// Growing delays: after the free attempts each further failure doubles the lock, up to 15 minutes.
const FREE_FAILURES = { account: 5, ip: 20 };
const MAX_LOCK_MS = 15 * 60 * 1000;

export function lockDuration(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** (failures - free), MAX_LOCK_MS);
}

/**
 * Checks the credentials and opens a session; the same error for an unknown e-mail and a wrong password. An
 * organisation that requires single sign-on refuses passwords (403 sso_required).
 */
export async function signIn(
  deps: AppDeps,
  input: SignInBody,
  meta: { ip: string; userAgent: string | undefined; requestId: string },
): Promise<{ secret: string; actor: Actor }> {
  const now = deps.clock();
  const db = deps.database.db;
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const ipKey = `ip:${meta.ip}`;

  const lockedUntil = await unsafeSystemTransaction(db, (tx) => repo.unsafeLockedUntil(tx, [accountKey, ipKey], now));
  if (lockedUntil) {
    const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    throw new AppError('too_many_attempts', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
  }

  const user = await unsafeSystemTransaction(db, (tx) => repo.unsafeFindUserForSignIn(tx, email));
  const valid = (await verifyPassword(user?.passwordHash, input.password)) && user?.status === 'active';

  if (!valid || !user) {
    await unsafeSystemTransaction(db, async (tx) => {
      for (const [key, free] of [
        [accountKey, FREE_FAILURES.account],
        [ipKey, FREE_FAILURES.ip],
      ] as const) {
        const failures = await repo.unsafeCountFailure(tx, key, now);
        const lock = lockDuration(failures, free);
        if (lock > 0) await repo.unsafeLock(tx, key, new Date(now.getTime() + lock));
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

  return unsafeSystemTransaction(db, async (tx) => {
    await repo.unsafeClearFailures(tx, accountKey);
    const { userId: id, organizationId, organizationKind, roles, language } = user;
    return unsafeOpenSession(
      tx,
      { id, email, organizationId, organizationKind, roles, language },
      { ...meta, via: 'password' },
      now,
    );
  });
}

/** Ends a session (the caller's own). */
export async function signOut(
  deps: AppDeps,
  actor: { userId: string; organizationId: string; sessionId: string },
  requestId: string,
) {
  await unsafeSystemTransaction(deps.database.db, async (tx) => {
    await repo.deleteSession(tx, actor.sessionId);
    await recordEvent(
      tx,
      { actor, requestId },
      {
        action: 'auth.signed_out',
        organizationId: actor.organizationId,
        target: { type: 'session', id: actor.sessionId },
      },
    );
  });
}
