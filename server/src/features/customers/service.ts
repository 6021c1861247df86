import type { Actor } from '../../core/tenancy/actor.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import { adminCentersFor } from '../catalogue/service.ts';
import { relationshipWith } from '../organizations/service.ts';
import { activeProductIdsOf, subscriptionsSummaryOf } from '../subscriptions/service.ts';
import * as repo from './repository.ts';
import type { ChannelSort } from './schemas.ts';
import type { HealthState } from './tables.ts';

export type ListedKind = 'customer' | 'partner' | 'distributor';

export interface ListInput {
  search?: string | undefined;
  health?: HealthState | undefined;
  sort?: ChannelSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/** Which kinds of organisation each kind of actor lists (DESIGN §3: pages follow the organisation kind). */
const listable: Record<ListedKind, Actor['organizationKind'][]> = {
  customer: ['vendor', 'distributor', 'partner'],
  partner: ['vendor', 'distributor'],
  distributor: ['vendor'],
};

/** The one kind rule of the lists and the export: a customer lists nobody; a partner lists customers only… */
function requireListable(actor: Actor, kind: ListedKind): void {
  if (!listable[kind].includes(actor.organizationKind)) throw new AppError('forbidden');
}

/** A list's filter as the repository takes it: search trimmed, default sort by name, ascending. */
export function normalizeFilter(kind: ListedKind, input: ListInput): repo.SummaryFilter {
  return {
    kind,
    search: input.search?.trim() || undefined,
    health: input.health,
    sort: input.sort ?? 'name',
    order: input.order ?? 'asc',
  };
}

/**
 * One page of the customers, partners or distributors the actor sees, with their figures, and the request's clock
 * that "expiring soon" is measured against. The cursor is decoded once the sort, hence its key's length, is known.
 */
export async function listOrganizations(
  { actor, now, tx }: ServiceContext,
  input: ListInput & { kind: ListedKind; size: number; decodeCursor: (length: number) => unknown[] | null },
) {
  requireListable(actor, input.kind);
  const filter = normalizeFilter(input.kind, input);
  const after = input.decodeCursor(repo.sortKeyLength(filter.sort));
  const { rows, totalCount } = await repo.listSummaries(tx, actor, filter, { after, limit: input.size + 1 });
  return { rows, totalCount, filter, now };
}

/** One batch of the export: the same list, walked by keyset. */
export async function exportBatch(
  { actor, tx }: ServiceContext,
  { filter, after, size }: { filter: repo.SummaryFilter; after: unknown[] | null; size: number },
) {
  requireListable(actor, filter.kind);
  return repo.summaryRows(tx, actor, filter, { after, limit: size });
}

/**
 * A customer's details pane: profile, figures, subscriptions summary, admin-centre links, relationship, providers;
 * with the request's clock that "expiring soon" is measured against.
 */
export async function getCustomer(ctx: ServiceContext, { id }: { id: string }) {
  const { actor, now, tx } = ctx;
  const customer = await repo.findCustomer(tx, actor, id);
  if (!customer) throw notFound();
  const summary = await repo.findSummary(tx, actor, 'customer', id);
  if (!summary) throw notFound();
  const subscriptionsSummary = await subscriptionsSummaryOf(ctx, { customerId: id });
  const productIds = await activeProductIdsOf(ctx, { customerId: id });
  const adminCenters = await adminCentersFor(ctx, { customer, productIds });
  const relationship = id === actor.organizationId ? null : await relationshipWith(ctx, { otherId: id });
  const providers = await repo.findProviders(tx, actor, id);
  return { customer, summary, subscriptionsSummary, adminCenters, relationship, providers, now };
}

export type CustomerDetailView = Awaited<ReturnType<typeof getCustomer>>;

/** A customer's service health as the read model keeps it (undefined when the actor does not see it). */
export async function customerHealthOf({ actor, tx }: ServiceContext, input: { customerId: string }) {
  return repo.healthOf(tx, actor, input.customerId);
}
