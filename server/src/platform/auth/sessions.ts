import type { SystemTx } from '../db/scope.ts';
import type { Actor } from '../../core/tenancy/actor.ts';
import { makeActor } from '../../core/tenancy/actor.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import type { Config } from '../../config.ts';
import { recordEvent } from '../events/record.ts';
import type { Language, OrganizationKind } from '../../core/tenancy/tables.ts';
import { newSecret, sha256 } from './passwords.ts';
import { SESSION_ABSOLUTE_MS } from './plugin.ts';
import { insertSession, markSignedIn } from './repository.ts';

export interface SessionUser {
  id: string;
  email: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: RoleName[];
  language: Language | null;
}

/** The session cookie, the same wherever a session starts (sign-in, onboarding, invitation, single sign-on). */
export function sessionCookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.PUBLIC_URL.startsWith('https://'),
    signed: true,
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  };
}

/**
 * Opens a session for a user who has just proved who they are (password, activation link, invitation, single
 * sign-on): the session row (only the secret's SHA-256 is kept), the last sign-in time and the
 * `auth.signed_in` event, in the caller's transaction. Returns the cookie secret and the actor.
 */
export async function openSession(
  tx: SystemTx,
  user: SessionUser,
  meta: { ip: string; userAgent: string | undefined; requestId: string; via: string },
  now: Date,
): Promise<{ secret: string; actor: Actor }> {
  const secret = newSecret();
  const sessionId = await insertSession(tx, {
    userId: user.id,
    tokenHash: sha256(secret),
    now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  await markSignedIn(tx, user.id, now);
  await recordEvent(
    tx,
    { actor: { userId: user.id, organizationId: user.organizationId }, requestId: meta.requestId },
    {
      action: 'auth.signed_in',
      organizationId: user.organizationId,
      target: { type: 'session', id: sessionId, label: user.email },
      changes: { ip: meta.ip, via: meta.via },
    },
  );
  const actor = makeActor({
    userId: user.id,
    organizationId: user.organizationId,
    organizationKind: user.organizationKind,
    roles: user.roles,
    language: user.language,
    via: { kind: 'session', id: sessionId },
  });
  return { secret, actor };
}
