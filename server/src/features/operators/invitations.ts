import type { PublicContext } from '../../platform/http/service-context.ts';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import { presentedTokenHash } from '../../platform/auth/link-token.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { openSession } from '../../platform/auth/sessions.ts';
import type { Tx } from '../../platform/db/client.ts';
import { unsafeSystemTransaction, type SystemTx } from '../../platform/db/scope.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { ssoOptionsFor, ssoRequiredFor, type SsoInvitations } from '../sso/service.ts';
import { users } from '../../core/tenancy/users.ts';
import type { AcceptInvitationBody, Invitation } from './schemas.ts';
import { operatorInvitations } from './tables.ts';

/**
 * The invitation behind a presented token, read before anyone is signed in (the link is the credential), locked when
 * about to be accepted. 404 for garbage and withdrawn invitations, 410 for used or expired ones.
 */
export async function usableInvitation(tx: SystemTx, token: string, now: Date, lock = false) {
  const hash = presentedTokenHash(token);
  if (!hash) throw notFound();
  const query = tx
    .select({
      invitation: operatorInvitations,
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        roles: users.roles,
        status: users.status,
        language: users.language,
      },
      organization: { id: organizations.id, name: organizations.name, kind: organizations.kind },
    })
    .from(operatorInvitations)
    .innerJoin(users, eq(users.id, operatorInvitations.userId))
    .innerJoin(organizations, eq(organizations.id, operatorInvitations.organizationId))
    .where(eq(operatorInvitations.tokenHash, hash));
  const [found] = lock ? await query.for('update', { of: [operatorInvitations, users] }) : await query;
  if (!found) throw notFound();
  if (found.invitation.acceptedAt || found.user.status === 'active') throw new AppError('link_used');
  if (found.user.status !== 'pending') throw notFound();
  if (found.invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('link_expired');
  return found;
}

/** Whether the invitation can be accepted through single sign-on, and whether it must be (features/sso). */
function ssoOptionsOfOrganization(tx: Tx, deps: AppDeps, organizationId: string) {
  return ssoOptionsFor(deps.config, tx, organizationId);
}

/**
 * A pending operator accepts their invitation (with a password here, or through single sign-on): active, with the
 * name they chose, the invitation marked used, and `operator.activated` recorded as their own act.
 */
export async function activatePendingOperator(
  tx: SystemTx,
  operator: {
    userId: string;
    email: string;
    organizationId: string;
    invitationId: string;
    displayName: string;
    passwordHash?: string;
  },
  meta: { via: 'password' | 'sso'; requestId: string },
  now: Date,
): Promise<void> {
  await tx
    .update(users)
    .set({
      status: 'active',
      displayName: operator.displayName,
      ...(operator.passwordHash ? { passwordHash: operator.passwordHash } : {}),
      updatedAt: now,
    })
    .where(and(eq(users.id, operator.userId), eq(users.status, 'pending')));
  await tx
    .update(operatorInvitations)
    .set({ acceptedAt: now })
    .where(eq(operatorInvitations.id, operator.invitationId));
  await recordEvent(
    tx,
    { actor: { userId: operator.userId, organizationId: operator.organizationId }, requestId: meta.requestId },
    {
      action: 'operator.activated',
      organizationId: operator.organizationId,
      target: { type: 'user', id: operator.userId, label: operator.email },
      changes: { via: meta.via },
    },
  );
}

/** What the invitation page shows before the operator commits to anything. */
export async function getInvitation({ deps, now }: PublicContext, { token }: { token: string }): Promise<Invitation> {
  return unsafeSystemTransaction(
    deps.database.db,
    async (tx) => {
      const found = await usableInvitation(tx, token, now);
      const sso = await ssoOptionsOfOrganization(tx, deps, found.organization.id);
      return {
        email: found.user.email,
        displayName: found.user.displayName,
        organization: { name: found.organization.name },
        roles: found.user.roles,
        language: found.invitation.language,
        expiresAt: found.invitation.expiresAt.toISOString(),
        sso,
      };
    },
    now,
  );
}

/**
 * Accepts an invitation with a password: the operator becomes active with the name they chose, the invitation is
 * marked used, and they are signed in. Refused when the organisation requires single sign-on: they accept through
 * their identity provider instead (features/sso).
 */
export async function acceptInvitation(
  ctx: PublicContext,
  { token, ...input }: AcceptInvitationBody & { token: string },
): Promise<{ secret: string; actor: Actor }> {
  const { deps, now } = ctx;
  const meta = { ip: ctx.client.ip, userAgent: ctx.client.userAgent, requestId: ctx.requestId };
  const db = deps.database.db;
  // Answer a dead link (or a refused method) before spending an argon2 hash on it.
  await unsafeSystemTransaction(
    db,
    async (tx) => {
      const found = await usableInvitation(tx, token, now);
      if (await ssoRequiredFor(tx, found.organization.id)) throw new AppError('sso_required');
    },
    now,
  );
  const passwordHash = await hashPassword(input.password);
  return unsafeSystemTransaction(
    db,
    async (tx) => {
      const found = await usableInvitation(tx, token, now, true);
      if (await ssoRequiredFor(tx, found.organization.id)) throw new AppError('sso_required');
      await activatePendingOperator(
        tx,
        {
          userId: found.user.id,
          email: found.user.email,
          organizationId: found.organization.id,
          invitationId: found.invitation.id,
          displayName: input.displayName.trim(),
          passwordHash,
        },
        { via: 'password', requestId: meta.requestId },
        now,
      );
      return openSession(
        tx,
        {
          id: found.user.id,
          email: found.user.email,
          organizationId: found.organization.id,
          organizationKind: found.organization.kind,
          roles: found.user.roles,
          language: found.user.language,
        },
        { ...meta, via: 'invitation' },
        now,
      );
    },
    now,
  );
}

/** The open invitation of a pending operator (not accepted, not expired), if any. */
export async function openInvitationOf(tx: SystemTx, userId: string, now: Date): Promise<string | null> {
  const [row] = await tx
    .select({ id: operatorInvitations.id })
    .from(operatorInvitations)
    .where(
      and(
        eq(operatorInvitations.userId, userId),
        isNull(operatorInvitations.acceptedAt),
        gt(operatorInvitations.expiresAt, now),
      ),
    );
  return row?.id ?? null;
}

/** The operators' side of single sign-on's invitation needs (features/sso/invitations.ts), wired in app.ts. */
export const ssoInvitations: SsoInvitations = {
  usable: (tx, token, now) => usableInvitation(tx, token, now),
  openFor: openInvitationOf,
  activate: activatePendingOperator,
};
