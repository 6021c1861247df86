import type { Actor } from '../../core/tenancy/actor.ts';
import { checkIfMatch } from '../../platform/http/etag.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext, SystemContext } from '../../platform/http/service-context.ts';
import { requireVisibleCustomer } from '../organizations/service.ts';
import * as repo from './repository.ts';
import type { CreateSubscriptionBody, UpdateSubscriptionBody } from './schemas.ts';

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', {
    params: { fields: path.replace(/^body\//, '') },
    extensions: { errors: [{ path, message }] },
  });
}

/** One page of a customer's subscriptions, active first; not_found when the actor may not see the customer. */
export async function listSubscriptions(
  ctx: ServiceContext,
  { customerId, ...page }: { customerId: string; after: unknown[] | null; size: number },
) {
  const { actor, tx } = ctx;
  await requireVisibleCustomer(ctx, { id: customerId });
  const after = page.after
    ? { status: String(page.after[0]), ends: String(page.after[1]), id: String(page.after[2]) }
    : null;
  const rows = await repo.listForCustomer(tx, actor, customerId, { after, limit: page.size + 1 });
  const totalCount = await repo.countForCustomer(tx, actor, customerId);
  const names = await repo.channelNames(
    tx,
    rows.flatMap((r) => [
      r.subscription.billingProviderId,
      r.subscription.resellerId ?? r.subscription.billingProviderId,
    ]),
  );
  return { rows, totalCount, names };
}

/** One subscription with its channel's names; not_found when the actor may not see it. */
export async function getSubscription({ actor, tx }: ServiceContext, { id }: { id: string }) {
  const row = await repo.findListed(tx, actor, id);
  if (!row) throw notFound();
  const names = await repo.channelNames(tx, [
    row.subscription.billingProviderId,
    row.subscription.resellerId ?? row.subscription.billingProviderId,
  ]);
  return { row, names };
}

/** Only the vendor and the billing distributor change subscriptions. */
function mayWrite(actor: Actor, billingProviderId: string): boolean {
  return actor.organizationKind === 'vendor' || actor.organizationId === billingProviderId;
}

/** Creates a subscription for a customer (the vendor, or the billing distributor for its own). */
export async function createSubscription(
  ctx: ServiceContext,
  { customerId, body: input }: { customerId: string; body: CreateSubscriptionBody },
) {
  const { actor, now, tx, events } = ctx;
  if (actor.organizationKind !== 'vendor' && actor.organizationKind !== 'distributor') throw new AppError('forbidden');
  const customer = await requireVisibleCustomer(ctx, { id: customerId });
  const billingProviderId = actor.organizationKind === 'distributor' ? actor.organizationId : input.billingProviderId;
  if (!billingProviderId) throw invalid('body/billingProviderId', 'required when the vendor creates a subscription');
  if (
    actor.organizationKind === 'distributor' &&
    input.billingProviderId &&
    input.billingProviderId !== billingProviderId
  ) {
    throw invalid('body/billingProviderId', 'a distributor bills its own subscriptions');
  }
  const billing = (await repo.channelNames(tx, [billingProviderId])).get(billingProviderId);
  if (billing === undefined) throw invalid('body/billingProviderId', 'no such distributor');
  const sku = await repo.findSku(tx, input.skuId);
  if (!sku) throw invalid('body/skuId', 'no such SKU');
  if (input.resellerId && !(await repo.resellsFor(tx, input.resellerId, billingProviderId))) {
    throw invalid('body/resellerId', 'not a partner of the billing distributor');
  }
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  // Past year 9999 no date the API writes can say when the commitment ends: such a subscription made every list and
  // page showing its customer a 500. (JavaScript's month arithmetic runs ahead of PostgreSQL's, never behind.)
  const ends = new Date(startsAt);
  ends.setUTCMonth(ends.getUTCMonth() + input.termMonths);
  if (ends.getUTCFullYear() > 9999) throw invalid('body/startsAt', 'the commitment would end after the year 9999');
  const row = await repo.insert(tx, {
    customerId,
    skuId: sku.id,
    quantity: input.quantity,
    termMonths: input.termMonths,
    startsAt,
    autoRenew: input.autoRenew ?? true,
    billingProviderId,
    resellerId: input.resellerId ?? null,
  });
  await recordEvent(tx, events, {
    action: 'subscription.created',
    organizationId: customerId,
    target: { type: 'subscription', id: row.id, label: customer.name },
    changes: { skuId: sku.id, quantity: row.quantity, termMonths: row.termMonths },
  });
  return getSubscription(ctx, { id: row.id });
}

/** Changes quantity, status or renewal (the vendor or the billing distributor; If-Match honoured). */
export async function updateSubscription(
  ctx: ServiceContext,
  { id, patch, ifMatch }: { id: string; patch: UpdateSubscriptionBody; ifMatch: string | undefined },
) {
  const { actor, tx, events } = ctx;
  const current = await repo.findListed(tx, actor, id);
  if (!current) throw notFound();
  const s = current.subscription;
  if (!mayWrite(actor, s.billingProviderId)) throw new AppError('forbidden');
  checkIfMatch(ifMatch, s.version);
  if (s.status === 'cancelled' || s.status === 'expired') {
    throw conflict(`subscription_${s.status}`);
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['quantity', 'status', 'autoRenew'] as const) {
    if (patch[key] !== undefined && patch[key] !== s[key]) changes[key] = { from: s[key], to: patch[key] };
  }
  if (Object.keys(changes).length > 0) {
    const updated = await repo.update(tx, id, s.version, patch);
    if (!updated) throw new AppError('precondition_failed');
    await recordEvent(tx, events, {
      action: 'subscription.updated',
      organizationId: s.customerId,
      target: { type: 'subscription', id, label: current.sku.name },
      changes,
    });
  }
  return getSubscription(ctx, { id });
}

/**
 * The subscriptions an activation link carries, created when its customer onboards (a system transaction: the new
 * customer has no actor yet). Term 12 months, renewing.
 */
export async function createOnboardingSubscriptions(
  { tx, now, events: context }: SystemContext,
  input: {
    customerId: string;
    billingProviderId: string;
    resellerId: string | null;
    skus: { skuId: string; quantity: number }[];
  },
) {
  const created = [];
  for (const item of input.skus) {
    const row = await repo.insert(tx, {
      customerId: input.customerId,
      skuId: item.skuId,
      quantity: item.quantity,
      termMonths: 12,
      startsAt: now,
      autoRenew: true,
      billingProviderId: input.billingProviderId,
      resellerId: input.resellerId,
    });
    await recordEvent(tx, context, {
      action: 'subscription.created',
      organizationId: input.customerId,
      target: { type: 'subscription', id: row.id },
      changes: { skuId: item.skuId, quantity: item.quantity, termMonths: 12 },
    });
    created.push(row);
  }
  return created;
}

/** What a customer's details pane shows of its subscriptions: active count, licences, next expiry. */
export function subscriptionsSummaryOf({ actor, tx }: ServiceContext, input: { customerId: string }) {
  return repo.summaryOf(tx, actor, input.customerId);
}

/** The products a customer holds an active subscription to (its admin centres, the incidents that touch it). */
export function activeProductIdsOf({ actor, tx }: ServiceContext, input: { customerId: string }): Promise<string[]> {
  return repo.activeProductIds(tx, actor, input.customerId);
}
