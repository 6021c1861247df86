import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/access/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { visibleTo } from '../organizations/visibility.ts';
import { delegatedAdminRelationships, organizations } from '../organizations/tables.ts';
import type { ChannelSort } from './schemas.ts';
import { organizationSummaries, type HealthState } from './tables.ts';

export type SummaryRow = typeof organizationSummaries.$inferSelect;
type ListedKind = 'customer' | 'partner' | 'distributor';

const s = organizationSummaries;

/** The columns each sort walks, in order; every sort ends with name and id so that the order is total. */
const sortColumns: Record<ChannelSort, AnyPgColumn[]> = {
  name: [s.name, s.organizationId],
  domain: [s.primaryDomain, s.organizationId],
  health: [s.healthRank, s.name, s.organizationId],
  openServiceRequests: [s.openServiceRequests, s.name, s.organizationId],
  licences: [s.licences, s.name, s.organizationId],
  nextExpiry: [s.nextExpiry, s.name, s.organizationId],
  customerCount: [s.customerCount, s.name, s.organizationId],
};

/** The cursor of a row for a sort: the values of the sort's columns. */
export function sortKeyOf(row: SummaryRow, sort: ChannelSort): unknown[] {
  const values: Record<string, unknown> = {
    name: row.name,
    primary_domain: row.primaryDomain,
    health_rank: row.healthRank,
    open_service_requests: row.openServiceRequests,
    licences: row.licences,
    next_expiry: Number.isFinite(row.nextExpiry.getTime()) ? row.nextExpiry.toISOString() : 'infinity',
    customer_count: row.customerCount,
    organization_id: row.organizationId,
  };
  return sortColumns[sort].map((c) => values[c.name]);
}

export function sortKeyLength(sort: ChannelSort): number {
  return sortColumns[sort].length;
}

export interface SummaryFilter {
  kind: ListedKind;
  search?: string | undefined;
  health?: HealthState | undefined;
  sort: ChannelSort;
  order: 'asc' | 'desc';
}

/**
 * What the list shows, for one actor: the organisations of a kind it sees (organization_access, by index), narrowed
 * by search (trigram index, through relais_search_organizations, see migration 0003) and health.
 */
function listConditions(actor: Actor, filter: SummaryFilter): SQL[] {
  const conditions: SQL[] = [eq(s.kind, filter.kind)];
  if (filter.search) {
    // The search function applies the actor's visibility itself (and row-level security still applies here).
    conditions.push(sql`${s.organizationId} IN (SELECT relais_search_organizations(${filter.kind}, ${filter.search}))`);
  } else {
    conditions.push(visibleTo(actor, s.organizationId));
  }
  if (filter.health) conditions.push(eq(s.health, filter.health));
  return conditions;
}

/** A row comparison on the sort's columns: PostgreSQL walks the matching index from the cursor on. */
function afterCursor(sort: ChannelSort, order: 'asc' | 'desc', after: unknown[]): SQL {
  const columns = sortColumns[sort];
  const values = columns.map((column, i) => {
    const value = after[i];
    if (column === s.organizationId) return sql`${String(value)}::uuid`;
    if (column === s.nextExpiry) return sql`${String(value)}::timestamptz`;
    return sql`${value}`;
  });
  const left = sql.join(
    columns.map((c) => sql`${c}`),
    sql`, `,
  );
  const right = sql.join(values, sql`, `);
  return order === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

/** One page (plus one row, to know whether another follows). */
export async function listSummaries(
  tx: Tx,
  actor: Actor,
  filter: SummaryFilter,
  page: { after: unknown[] | null; limit: number },
): Promise<SummaryRow[]> {
  const conditions = listConditions(actor, filter);
  if (page.after) conditions.push(afterCursor(filter.sort, filter.order, page.after));
  const direction = filter.order === 'asc' ? asc : desc;
  return tx
    .select()
    .from(s)
    .where(and(...conditions))
    .orderBy(...sortColumns[filter.sort].map((c) => direction(c)))
    .limit(page.limit);
}

// Below this many, unfiltered customer lists are counted exactly; above, the maintained figure is used.
export const EXACT_COUNT_LIMIT = 20_000;

/**
 * How many the list holds. Unfiltered: an index-only count of the actor's access rows — unless the actor's own summary
 * says it sees more than EXACT_COUNT_LIMIT customers, in which case that maintained figure (recomputed by the worker
 * within a second of any change) is the answer: an exact count of 100,000 index entries alone costs ~30 ms.
 * Searched: the number of ids the search function returns (it applies visibility itself).
 */
export async function countSummaries(tx: Tx, actor: Actor, filter: SummaryFilter): Promise<number> {
  if (!filter.search && !filter.health) {
    if (filter.kind === 'customer') {
      const [own] = await tx.select({ n: s.customerCount }).from(s).where(eq(s.organizationId, actor.organizationId));
      if (own && own.n > EXACT_COUNT_LIMIT) return own.n;
    }
    const result = await tx.execute(sql`
      SELECT count(*)::int AS n FROM organization_access
       WHERE viewer_id = ${actor.organizationId}::uuid AND organization_kind = ${filter.kind}
         AND ends_at > relais_now()`);
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  }
  if (filter.search && !filter.health) {
    const result = await tx.execute(
      sql`SELECT count(*)::int AS n FROM relais_search_organizations(${filter.kind}, ${filter.search})`,
    );
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  }
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(s)
    .where(and(...listConditions(actor, filter)));
  return row?.n ?? 0;
}

export async function findSummary(tx: Tx, actor: Actor, kind: ListedKind, id: string) {
  const [row] = await tx
    .select()
    .from(s)
    .where(and(eq(s.organizationId, id), eq(s.kind, kind), visibleTo(actor, s.organizationId)));
  return row;
}

export async function findCustomer(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.kind, 'customer'), visibleTo(actor, organizations.id)));
  return row;
}

/** The partners and distributors holding delegated access to the customer now, as far as the actor sees them. */
export async function findProviders(tx: Tx, actor: Actor, customerId: string) {
  return tx
    .select({ id: organizations.id, kind: organizations.kind, name: organizations.name })
    .from(delegatedAdminRelationships)
    .innerJoin(organizations, eq(organizations.id, delegatedAdminRelationships.providerId))
    .where(
      and(
        eq(delegatedAdminRelationships.customerId, customerId),
        eq(delegatedAdminRelationships.status, 'active'),
        sql`${delegatedAdminRelationships.endsAt} > relais_now()`,
        visibleTo(actor, organizations.id),
      ),
    )
    .orderBy(asc(organizations.name));
}
