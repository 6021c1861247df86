import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import type { OrganizationKind } from '../../core/tenancy/tables.ts';
import type { LinkSigner } from './presenter.ts';
import * as repo from './repository.ts';
import type { ActivationLinkListQuery, CreateActivationLinkBody } from './schemas.ts';
import type { ActivationLinkKind, ActivationSku } from './tables.ts';
import { linkTokenHash } from '../../platform/auth/link-token.ts';
import { activationUrl } from './presenter.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a link (and each resent one) stays valid. */
export const LINK_LIFETIME_MS = 14 * DAY_MS;

/** Who may onboard what: partners bring customers; distributors bring both; the vendor may do anything. */
const mayInvite: Record<OrganizationKind, readonly ActivationLinkKind[]> = {
  vendor: ['customer', 'partner'],
  distributor: ['customer', 'partner'],
  partner: ['customer'],
  customer: [],
};

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

/** One page of the links the actor's organisation sent, with the names of their SKUs. */
export async function listLinks(
  { actor, tx }: ServiceContext,
  input: { status?: ActivationLinkListQuery['status']; size: number; after: { createdAt: string; id: string } | null },
) {
  const page = await repo.listSent(tx, actor, { status: input.status, after: input.after, limit: input.size });
  const items = page.rows.flatMap((r) => r.link.skus);
  return { ...page, names: await repo.skuNames(tx, items) };
}

async function withNames(tx: Tx, actor: Actor, id: string) {
  const row = await repo.findSent(tx, actor, id);
  if (!row) throw notFound();
  return { row, names: await repo.skuNames(tx, row.link.skus) };
}

async function checkSkus(tx: Tx, kind: ActivationLinkKind, items: ActivationSku[]) {
  if (items.length === 0) return;
  if (kind === 'partner') throw invalid('body/skus', 'a partner link carries no subscriptions');
  const names = await repo.skuNames(tx, items);
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!names.has(item.skuId)) throw invalid(`body/skus/${i}/skuId`, 'unknown SKU');
    if (seen.has(item.skuId)) throw invalid(`body/skus/${i}/skuId`, 'the same SKU twice');
    seen.add(item.skuId);
  }
}

async function sendMail(tx: Tx, actor: Actor, link: repo.ActivationLinkRow, signer: LinkSigner) {
  const sender = await repo.findOwnOrganization(tx, actor);
  await queueMail(tx, {
    organizationId: actor.organizationId,
    sender: { organizationId: actor.organizationId, limits: signer.mailLimits },
    recipient: link.recipientEmail,
    language: link.language,
    template: link.kind === 'partner' ? 'activation_partner' : 'activation_customer',
    params: {
      senderName: sender?.name ?? '',
      organizationName: link.organizationName,
      url: activationUrl(signer.publicUrl, signer.secret, link.id, link.sendCount),
      expiresAt: link.expiresAt,
    },
  });
}

/** Sends an activation link: stores it (token hashed), mails it in the link's language, records the event. */
export async function createLink(
  { actor, now, tx, events }: ServiceContext,
  input: CreateActivationLinkBody & { signer: LinkSigner },
) {
  const { signer } = input;
  if (!mayInvite[actor.organizationKind].includes(input.kind)) throw new AppError('forbidden');
  const items = input.skus ?? [];
  await checkSkus(tx, input.kind, items);
  // Subscriptions are billed by the partner's distributor: without one the onboarding could not create them.
  if (
    items.length > 0 &&
    actor.organizationKind === 'partner' &&
    !(await repo.findDistributorOf(tx, actor.organizationId))
  ) {
    throw conflict('no_billing_distributor');
  }
  const id = randomUUID();
  const link: repo.ActivationLinkRow = {
    id,
    kind: input.kind,
    senderOrganizationId: actor.organizationId,
    senderUserId: actor.userId,
    organizationName: input.organizationName.trim(),
    recipientEmail: input.recipientEmail.trim().toLowerCase(),
    language: input.language,
    skus: items.map((s) => ({ skuId: s.skuId, quantity: s.quantity })),
    tokenHash: linkTokenHash(signer.secret, id, 1),
    status: 'pending',
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
    sendCount: 1,
    lastSentAt: now,
    usedAt: null,
    usedOrganizationId: null,
    revokedAt: null,
    createdAt: now,
  };
  await repo.insert(tx, link);
  await sendMail(tx, actor, link, signer);
  await recordEvent(tx, events, {
    action: 'activationlink.created',
    organizationId: actor.organizationId,
    target: { type: 'activation_link', id, label: link.organizationName },
    changes: { kind: link.kind, recipientEmail: link.recipientEmail, language: link.language, skus: link.skus },
  });
  return withNames(tx, actor, id);
}

async function lockOpenLink(tx: Tx, actor: Actor, id: string) {
  const found = await repo.findSentForUpdate(tx, actor, id);
  if (!found) throw notFound();
  if (found.status === 'used' || found.status === 'revoked') {
    throw conflict(found.status === 'used' ? 'link_used' : 'link_revoked');
  }
  return found.link;
}

/** Sends a pending or expired link again: a new address (the old one stops working) valid 14 days from now. */
export async function resendLink(
  { actor, now, tx, events }: ServiceContext,
  { id, signer }: { id: string; signer: LinkSigner },
) {
  const before = await lockOpenLink(tx, actor, id);
  const sendCount = before.sendCount + 1;
  const changes = {
    sendCount,
    tokenHash: linkTokenHash(signer.secret, id, sendCount),
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
    lastSentAt: now,
  };
  await repo.update(tx, id, changes);
  await sendMail(tx, actor, { ...before, ...changes }, signer);
  await recordEvent(tx, events, {
    action: 'activationlink.resent',
    organizationId: actor.organizationId,
    target: { type: 'activation_link', id, label: before.organizationName },
    changes: { sendCount, expiresAt: changes.expiresAt.toISOString() },
  });
  return withNames(tx, actor, id);
}

/** Revokes a link that was not used: its address answers 410 link_revoked from now on. */
export async function revokeLink({ actor, now, tx, events }: ServiceContext, { id }: { id: string }) {
  const before = await lockOpenLink(tx, actor, id);
  await repo.update(tx, id, { status: 'revoked', revokedAt: now });
  await recordEvent(tx, events, {
    action: 'activationlink.revoked',
    organizationId: actor.organizationId,
    target: { type: 'activation_link', id, label: before.organizationName },
  });
  return withNames(tx, actor, id);
}
