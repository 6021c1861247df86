import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/tenancy/actor.ts';
import { roleLabels, roleNames, roles, type RoleName } from '../../core/tenancy/roles.ts';
import { linkToken, linkTokenHash } from '../../platform/auth/link-token.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import type { MailLimits } from '../../platform/mail/limits.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import { domainOf, operatorEmailRefusal } from './domains.ts';
import * as repo from './repository.ts';
import type { AddOperatorBody, OperatorListQuery, UpdateOperatorBody } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an invitation (and each resent one) stays valid (issue 4). */
export const INVITATION_LIFETIME_MS = 7 * DAY_MS;

/**
 * What signing and mailing an invitation's address needs: the public address, the secret (SESSION_SECRET) and the
 * limits on mail to outside addresses.
 */
export interface InvitationSigner {
  publicUrl: string;
  secret: string;
  mailLimits: MailLimits;
}

export function invitationUrl(signer: InvitationSigner, invitationId: string, sendCount: number): string {
  return `${signer.publicUrl}/invitation/${linkToken(signer.secret, invitationId, sendCount)}`;
}

/** The roles table of core/tenancy/roles.ts, as GET /roles answers it. */
export function listRoles() {
  return { items: roleNames.map((name) => ({ name, permissions: [...roles[name]] })) };
}

export function normalizeFilter(input: OperatorListQuery): repo.OperatorFilter {
  return {
    status: input.status ?? 'active',
    search: input.search?.trim() || undefined,
    sort: input.sort ?? 'name',
    order: input.order ?? 'asc',
  };
}

/**
 * One page of the organisation's operators. `decode` reads the request's cursor once the sort, hence the key's
 * length, is known. The answer carries the transaction's clock: the presenter tells expired invitations by it.
 */
export async function listOperators(
  { actor, now, tx }: ServiceContext,
  input: OperatorListQuery & { size: number; decode: (length: number) => unknown[] | null },
) {
  const filter = normalizeFilter(input);
  const after = input.decode(repo.sortKeyLength(filter.sort));
  const page = await repo.listOperators(tx, actor, filter, { after, limit: input.size + 1 });
  return { ...page, filter, now };
}

/** An operator as a service answers it: the row, and the clock the presenter tells an expired invitation by. */
export interface OperatorView {
  row: repo.OperatorRow;
  now: Date;
}

async function findOperator(tx: Tx, actor: Actor, id: string): Promise<repo.OperatorRow> {
  const row = await repo.findOperator(tx, actor, id);
  if (!row) throw notFound();
  return row;
}

/** One operator of the organisation (404 for another's). */
export async function getOperator({ actor, now, tx }: ServiceContext, input: { id: string }): Promise<OperatorView> {
  return { row: await findOperator(tx, actor, input.id), now };
}

function labels(list: readonly RoleName[], language: Locale): string {
  return list.map((r) => roleLabels[language][r]).join(', ');
}

/** Roles in the table's order, without repeats: what is stored and compared. */
function canonical(list: readonly RoleName[]): RoleName[] {
  return roleNames.filter((r) => list.includes(r));
}

async function sendInvitation(
  tx: Tx,
  actor: Actor,
  organization: { name: string; language: Locale },
  invitee: { email: string; roles: RoleName[] },
  invitation: { id: string; sendCount: number; expiresAt: Date },
  signer: InvitationSigner,
) {
  const inviter = await repo.findOperator(tx, actor, actor.userId);
  await queueMail(tx, {
    organizationId: actor.organizationId,
    sender: { organizationId: actor.organizationId, limits: signer.mailLimits },
    recipient: invitee.email,
    language: organization.language,
    template: 'operator_invitation',
    params: {
      inviterName: inviter?.displayName || inviter?.email || organization.name,
      organizationName: organization.name,
      roles: labels(invitee.roles, organization.language),
      url: invitationUrl(signer, invitation.id, invitation.sendCount),
      expiresAt: invitation.expiresAt,
    },
  });
}

/**
 * Adds an operator: a work address of one of the organisation's verified domains, never a consumer mailbox, not
 * already an operator. The new operator is pending until they accept the invitation mailed in the organisation's
 * language. A removed operator of the same organisation is invited again rather than refused.
 */
export async function addOperator(
  { actor, now, tx, events }: ServiceContext,
  input: AddOperatorBody & { signer: InvitationSigner },
): Promise<OperatorView> {
  const { signer } = input;
  const organization = await repo.findOwnOrganization(tx, actor);
  if (!organization) throw notFound();
  const email = input.email.trim().toLowerCase();
  const refusal = operatorEmailRefusal(email, organization);
  if (refusal === 'consumer_mailbox')
    throw new AppError('consumer_mailbox', { params: { domain: domainOf(email) ?? email } });
  if (refusal) throw new AppError('email_domain_not_verified', { params: { domain: domainOf(email) ?? email } });
  const grantedRoles = canonical(input.roles);
  const displayName = input.displayName?.trim() ?? '';
  const holder = await repo.findEmailHolder(tx, email);
  let userId: string;
  if (!holder) {
    userId = randomUUID();
    await repo.insertPendingUser(tx, {
      id: userId,
      organizationId: actor.organizationId,
      email,
      displayName,
      roles: grantedRoles,
      now,
    });
  } else if (holder.organizationId === actor.organizationId && holder.status === 'disabled') {
    userId = holder.id;
    await repo.reopenUser(tx, userId, grantedRoles, displayName, now);
  } else {
    throw new AppError('email_taken', { params: { email } });
  }
  const invitation = { id: randomUUID(), sendCount: 1, expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS) };
  await repo.upsertInvitation(tx, {
    id: invitation.id,
    userId,
    organizationId: actor.organizationId,
    invitedByUserId: actor.userId,
    language: organization.language,
    tokenHash: linkTokenHash(signer.secret, invitation.id, invitation.sendCount),
    sendCount: invitation.sendCount,
    lastSentAt: now,
    expiresAt: invitation.expiresAt,
    createdAt: now,
  });
  await sendInvitation(tx, actor, organization, { email, roles: grantedRoles }, invitation, signer);
  await recordEvent(tx, events, {
    action: 'operator.invited',
    organizationId: actor.organizationId,
    target: { type: 'user', id: userId, label: email },
    changes: { roles: grantedRoles, expiresAt: invitation.expiresAt.toISOString() },
  });
  return { row: await findOperator(tx, actor, userId), now };
}

/** A pending operator's invitation again: a new link (the previous one stops working), valid 7 days from now. */
export async function resendInvitation(
  { actor, now, tx, events }: ServiceContext,
  { id, signer }: { id: string; signer: InvitationSigner },
): Promise<OperatorView> {
  const row = await repo.findOperator(tx, actor, id, { forUpdate: true });
  if (!row) throw notFound();
  if (row.status !== 'pending' || !row.invitation) {
    throw conflict('invitation_accepted');
  }
  const organization = await repo.findOwnOrganization(tx, actor);
  if (!organization) throw notFound();
  const sendCount = row.invitation.sendCount + 1;
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  await repo.updateInvitationSend(tx, row.invitation.id, {
    tokenHash: linkTokenHash(signer.secret, row.invitation.id, sendCount),
    sendCount,
    lastSentAt: now,
    expiresAt,
    invitedByUserId: actor.userId,
  });
  await sendInvitation(tx, actor, organization, row, { id: row.invitation.id, sendCount, expiresAt }, signer);
  await recordEvent(tx, events, {
    action: 'operator.invitation_resent',
    organizationId: actor.organizationId,
    target: { type: 'user', id, label: row.email },
    changes: { sendCount, expiresAt: expiresAt.toISOString() },
  });
  return { row: await findOperator(tx, actor, id), now };
}

/**
 * Refuses a change that would leave the organisation without an active Admin. The Admins are locked first
 * (repo.lockActiveAdmins), so two concurrent changes are serialised and the second sees the first's result.
 */
async function keepAnAdmin(tx: Tx, actor: Actor, losingAdmin: string) {
  const admins = await repo.lockActiveAdmins(tx, actor);
  if (admins.includes(losingAdmin) && admins.length <= 1) throw new AppError('last_admin');
}

/** Changes an operator's roles; the operator is told by e-mail. */
export async function updateOperator(
  { actor, now, tx, events }: ServiceContext,
  input: UpdateOperatorBody & { id: string; signer: InvitationSigner },
): Promise<OperatorView> {
  const { id, signer } = input;
  const after = canonical(input.roles);
  if (id === actor.userId && actor.roles.includes('admin') && !after.includes('admin')) {
    throw new AppError('cannot_change_self');
  }
  const current = await repo.findOperator(tx, actor, id);
  if (!current) throw notFound();
  if (current.roles.includes('admin') && !after.includes('admin')) await keepAnAdmin(tx, actor, id);
  const row = await repo.findOperator(tx, actor, id, { forUpdate: true });
  if (!row) throw notFound();
  const before = canonical(row.roles);
  if (before.join() === after.join()) return { row, now };
  await repo.setRoles(tx, id, after, now);
  const organization = await repo.findOwnOrganization(tx, actor);
  if (organization && row.status === 'active') {
    await queueMail(tx, {
      organizationId: actor.organizationId,
      sender: null,
      recipient: row.email,
      language: organization.language,
      template: 'operator_roles_changed',
      params: {
        organizationName: organization.name,
        roles: labels(after, organization.language),
        url: signer.publicUrl,
      },
    });
  }
  await recordEvent(tx, events, {
    action: 'operator.roles_changed',
    organizationId: actor.organizationId,
    target: { type: 'user', id, label: row.email },
    changes: { roles: { from: before, to: after } },
  });
  return { row: await findOperator(tx, actor, id), now };
}

/**
 * Removes an operator. Active: the access ends at once (every session and token lookup requires an active user) and
 * the operator is told; the user row stays for the audit trail. Pending: the invitation is withdrawn.
 */
export async function removeOperator(
  { actor, now, tx, events }: ServiceContext,
  { id, signer }: { id: string; signer: InvitationSigner },
) {
  if (id === actor.userId) throw new AppError('cannot_change_self');
  const current = await repo.findOperator(tx, actor, id);
  if (!current) throw notFound();
  if (current.status === 'active' && current.roles.includes('admin')) await keepAnAdmin(tx, actor, id);
  const row = await repo.findOperator(tx, actor, id, { forUpdate: true });
  if (!row) throw notFound();
  if (row.status === 'pending') {
    await repo.deletePendingUser(tx, id);
    await recordEvent(tx, events, {
      action: 'operator.invitation_revoked',
      organizationId: actor.organizationId,
      target: { type: 'user', id, label: row.email },
      changes: { roles: row.roles },
    });
    return;
  }
  await repo.disableUser(tx, id, now);
  const organization = await repo.findOwnOrganization(tx, actor);
  if (organization) {
    await queueMail(tx, {
      organizationId: actor.organizationId,
      sender: null,
      recipient: row.email,
      language: organization.language,
      template: 'operator_removed',
      params: { organizationName: organization.name, url: signer.publicUrl },
    });
  }
  await recordEvent(tx, events, {
    action: 'operator.removed',
    organizationId: actor.organizationId,
    target: { type: 'user', id, label: row.email },
    changes: { roles: row.roles },
  });
}
