import { and, asc, desc, eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';
import { delegatedAdminRelationships, organizations } from '../../core/tenancy/tables.ts';
import type { ChannelSort } from './schemas.ts';
import { organizationSummaries, type HealthState } from './tables.ts';

export type SummaryRow = typeof organizationSummaries.$inferSelect;
type ListedKind = 'customer' | 'partner' | 'distributor';

const s = organizationSummaries;
const SUMMARIES = getTableName(organizationSummaries);

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
 * What the list shows, for one actor, without search: the organisations of a kind it sees (organization_access, by
 * index), narrowed by health. Searches read relais_search_summaries() instead (see searchPage).
 */
function listConditions(actor: Actor, filter: SummaryFilter): SQL[] {
  const conditions: SQL[] = [eq(s.kind, filter.kind), visibleTo(actor, s.organizationId)];
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

export interface SummaryPage {
  rows: SummaryRow[];
  totalCount: number;
}

interface PageRequest {
  after: unknown[] | null;
  limit: number;
}

/** One page (plus one row, to know whether another follows) and the number of rows of the whole list. */
export async function listSummaries(
  tx: Tx,
  actor: Actor,
  filter: SummaryFilter,
  page: PageRequest,
): Promise<SummaryPage> {
  if (filter.search) return searchPage(tx, filter, filter.search, page);
  return { rows: await unsearchedRows(tx, actor, filter, page), totalCount: await countList(tx, actor, filter) };
}

/** The rows of one batch of an export, without the count. */
export async function summaryRows(
  tx: Tx,
  actor: Actor,
  filter: SummaryFilter,
  page: PageRequest,
): Promise<SummaryRow[]> {
  if (filter.search) return (await searchPage(tx, filter, filter.search, page)).rows;
  return unsearchedRows(tx, actor, filter, page);
}

async function unsearchedRows(tx: Tx, actor: Actor, filter: SummaryFilter, page: PageRequest): Promise<SummaryRow[]> {
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

/**
 * A searched page. relais_search_summaries() (migration 0005) returns the visible matching rows through the trigram
 * index; it is aliased with the table's own name, so the column references of the sorts, the cursor and the health
 * filter read its output. The matches are few enough to sort in memory (1,250 for "horizon logis" among 100,000),
 * and a window count over them gives the total in the same statement. Raw SQL because Drizzle's builder selects only
 * from tables, views and subqueries; the rows are decoded by the table's own columns.
 */
async function searchPage(tx: Tx, filter: SummaryFilter, term: string, page: PageRequest): Promise<SummaryPage> {
  const table = sql.identifier(SUMMARIES);
  const health = filter.health ? sql`WHERE ${eq(s.health, filter.health)}` : sql``;
  const cursor = page.after ? sql`WHERE ${afterCursor(filter.sort, filter.order, page.after)}` : sql``;
  const direction = filter.order === 'asc' ? sql`ASC` : sql`DESC`;
  const orderBy = sql.join(
    sortColumns[filter.sort].map((c) => sql`${c} ${direction}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    SELECT * FROM (SELECT *, count(*) OVER ()::int AS total_count
                     FROM relais_search_summaries(${filter.kind}, ${term}) AS ${table} ${health}) AS ${table}
     ${cursor} ORDER BY ${orderBy} LIMIT ${page.limit}`);
  const raw = rowsOf(result);
  const first = raw[0];
  // Past the last match there is no row to carry the total: count the matches alone.
  const totalCount = first ? Number(first.total_count) : await countSearch(tx, filter, term);
  return { rows: raw.map(decodeSummary), totalCount };
}

const summaryColumns = Object.entries(getTableColumns(s));

/** A raw organization_summaries row, decoded as Drizzle decodes the table's columns. */
function decodeSummary(raw: Record<string, unknown>): SummaryRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of summaryColumns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as SummaryRow;
}

async function countSearch(tx: Tx, filter: SummaryFilter, term: string): Promise<number> {
  const health = filter.health ? sql`WHERE health = ${filter.health}` : sql``;
  const result = await tx.execute(
    sql`SELECT count(*)::int AS n FROM relais_search_summaries(${filter.kind}, ${term}) ${health}`,
  );
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

// Below this many, unfiltered customer lists are counted exactly; above, the maintained figure is used.
export const EXACT_COUNT_LIMIT = 20_000;

/**
 * How many an unsearched list holds. Unfiltered: an index-only count of the actor's access rows — unless the actor's
 * own summary says it sees more than EXACT_COUNT_LIMIT customers, in which case that maintained figure (recomputed by
 * the worker within a second of any change) is the answer: an exact count of 100,000 index entries alone costs ~30 ms.
 */
async function countList(tx: Tx, actor: Actor, filter: SummaryFilter): Promise<number> {
  if (!filter.health) {
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

/** A customer's health as the read model keeps it. */
export async function healthOf(tx: Tx, actor: Actor, customerId: string) {
  const [row] = await tx
    .select({ health: organizationSummaries.health })
    .from(organizationSummaries)
    .where(
      and(eq(organizationSummaries.organizationId, customerId), visibleTo(actor, organizationSummaries.organizationId)),
    );
  return row?.health;
}
