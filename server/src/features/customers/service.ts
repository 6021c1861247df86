import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
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
export function requireListable(actor: Actor, kind: ListedKind): void {
  if (!listable[kind].includes(actor.organizationKind)) throw new AppError('forbidden');
}

export function normalizeFilter(kind: ListedKind, input: ListInput): repo.SummaryFilter {
  return {
    kind,
    search: input.search?.trim() || undefined,
    health: input.health,
    sort: input.sort ?? 'name',
    order: input.order ?? 'asc',
  };
}

/** One page of the customers, partners or distributors the actor sees, with their figures. */
export async function listOrganizations(
  actor: Actor,
  kind: ListedKind,
  input: ListInput & { size: number; cursor?: string | undefined },
  decode: (length: number) => unknown[] | null,
  tx: Tx,
) {
  requireListable(actor, kind);
  const filter = normalizeFilter(kind, input);
  const after = decode(repo.sortKeyLength(filter.sort));
  const { rows, totalCount } = await repo.listSummaries(tx, actor, filter, { after, limit: input.size + 1 });
  return { rows, totalCount, filter };
}

/** One batch of the export: the same list, walked by keyset. */
export async function exportBatch(
  actor: Actor,
  filter: repo.SummaryFilter,
  after: unknown[] | null,
  size: number,
  tx: Tx,
) {
  requireListable(actor, filter.kind);
  return repo.summaryRows(tx, actor, filter, { after, limit: size });
}

/** A customer's details pane: profile, figures, subscriptions summary, admin-centre links, relationship, providers. */
export async function getCustomer(actor: Actor, id: string, tx: Tx) {
  const customer = await repo.findCustomer(tx, actor, id);
  if (!customer) throw notFound();
  const summary = await repo.findSummary(tx, actor, 'customer', id);
  if (!summary) throw notFound();
  const subscriptionsSummary = await subscriptionsSummaryOf(actor, id, tx);
  const productIds = await activeProductIdsOf(actor, id, tx);
  const adminCenters = await adminCentersFor(tx, customer, productIds);
  const relationship = id === actor.organizationId ? null : await relationshipWith(actor, id, tx);
  const providers = await repo.findProviders(tx, actor, id);
  return { customer, summary, subscriptionsSummary, adminCenters, relationship, providers };
}

export type CustomerDetailView = Awaited<ReturnType<typeof getCustomer>>;

/** A customer's service health as the read model keeps it (undefined when the actor does not see it). */
export async function customerHealthOf(actor: Actor, customerId: string, tx: Tx) {
  return repo.healthOf(tx, actor, customerId);
}
