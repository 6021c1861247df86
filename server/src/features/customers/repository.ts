import { and, asc, desc, eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';
import {
  delegatedAdminRelationships,
  organizationAccess,
  organizationAccessCounts,
  organizations,
} from '../../core/tenancy/tables.ts';
import type { ChannelSort } from './schemas.ts';
import { healthStates, organizationSummaries, type HealthState } from './tables.ts';

export type SummaryRow = typeof organizationSummaries.$inferSelect;
type ListedKind = 'customer' | 'partner' | 'distributor';

const s = organizationSummaries;
const a = organizationAccess;
const SUMMARIES = getTableName(organizationSummaries);

/**
 * The columns each sort orders by; every sort ends with name and id so that the order is total. A search sorts its
 * matches by the summaries' columns; a list walks the viewer's access rows by their copies of the same keys, one
 * index per sort (migration 0016). The two tables name these columns alike, which the cursor relies on.
 */
function sortsOf(t: typeof s | typeof a): Record<ChannelSort, AnyPgColumn[]> {
  return {
    name: [t.name, t.organizationId],
    domain: [t.primaryDomain, t.organizationId],
    health: [t.healthRank, t.name, t.organizationId],
    openServiceRequests: [t.openServiceRequests, t.name, t.organizationId],
    licences: [t.licences, t.name, t.organizationId],
    nextExpiry: [t.nextExpiry, t.name, t.organizationId],
    customerCount: [t.customerCount, t.name, t.organizationId],
  };
}
const sortColumns = sortsOf(s);
const accessSortColumns = sortsOf(a);

/** health_rank of a health state: its place in healthStates (as the summary refresh writes it). */
const healthRankOf = (health: HealthState) => healthStates.indexOf(health);

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
 * What the list shows, for one actor, without search: its own access rows of a kind (organization_access, by the
 * index of the sort), narrowed by health. Searches read relais_search_summaries() instead (see searchPage).
 */
function listConditions(actor: Actor, filter: SummaryFilter): SQL[] {
  const conditions: SQL[] = [
    eq(a.viewerId, actor.organizationId),
    eq(a.organizationKind, filter.kind),
    sql`${a.endsAt} > relais_now()`,
    // The sort indexes leave out the viewer's own row (migration 0017), which no list shows: saying so lets the
    // planner use them.
    sql`${a.viewerId} <> ${a.organizationId}`,
  ];
  if (filter.health) conditions.push(eq(a.healthRank, healthRankOf(filter.health)));
  return conditions;
}

/** A row comparison on the sort's columns: PostgreSQL walks the matching index from the cursor on. */
function afterCursor(columns: AnyPgColumn[], order: 'asc' | 'desc', after: unknown[]): SQL {
  const values = columns.map((column, i) => {
    const value = after[i];
    if (column.name === 'organization_id') return sql`${String(value)}::uuid`;
    if (column.name === 'next_expiry') return sql`${String(value)}::timestamptz`;
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
  // The total rides along with the page's rows (one statement, one round trip).
  const counted = await countedRows(tx, actor, filter, page);
  const first = counted[0];
  // No row at all is a total of 0; past the last row (a cursor) the total is asked alone.
  if (!first) return { rows: [], totalCount: page.after ? await countList(tx, actor, filter) : 0 };
  return { rows: counted.map(({ totalCount: _total, ...row }) => row), totalCount: first.totalCount };
}

/**
 * The rows of one batch of an export: the list's own page (its total, computed once per statement from the ledger,
 * costs ~0.05 ms and is dropped), so that a batch and a page can never walk differently.
 */
export async function summaryRows(
  tx: Tx,
  actor: Actor,
  filter: SummaryFilter,
  page: PageRequest,
): Promise<SummaryRow[]> {
  return (await listSummaries(tx, actor, filter, page)).rows;
}

/**
 * A page of the viewer's access rows of a kind, walked by the index of the sort from the cursor on, with their
 * summaries and the list's total on every row.
 */
function countedRows(tx: Tx, actor: Actor, filter: SummaryFilter, page: PageRequest) {
  const conditions = listConditions(actor, filter);
  if (page.after) conditions.push(afterCursor(accessSortColumns[filter.sort], filter.order, page.after));
  const direction = filter.order === 'asc' ? asc : desc;
  return tx
    .select({ ...summaryTable, totalCount: countOf(actor, filter).as('total_count') })
    .from(a)
    .innerJoin(s, eq(s.organizationId, a.organizationId))
    .where(and(...conditions))
    .orderBy(...accessSortColumns[filter.sort].map((c) => direction(c)))
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
  const cursor = page.after ? sql`WHERE ${afterCursor(sortColumns[filter.sort], filter.order, page.after)}` : sql``;
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
  // Past the last match (a cursor) there is no row to carry the total: count the matches alone. No match at all is 0.
  const totalCount = first ? Number(first.total_count) : page.after ? await countSearch(tx, filter, term) : 0;
  return { rows: raw.map(decodeSummary), totalCount };
}

const summaryTable = getTableColumns(s);
const summaryColumns = Object.entries(summaryTable);

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

/**
 * How many an unsearched list holds, without counting the viewer's rows: the sum of its ledger rows for the kind (and
 * health) in organization_access_counts, which every change of organization_access appends to (migration 0016), less
 * the viewer's rows whose time ran out by the clock (nothing removes them: a delegated-admin relationship ends by its
 * date alone), an index-only range of organization_access_count_idx.
 */
function countOf(actor: Actor, filter: SummaryFilter): SQL<number> {
  const c = organizationAccessCounts;
  const rank = filter.health ? healthRankOf(filter.health) : null;
  // Uncorrelated: PostgreSQL computes it once per statement, whatever the number of rows it rides on.
  return sql<number>`((SELECT coalesce(sum(${c.n}), 0)::int FROM ${c}
             WHERE ${c.viewerId} = ${actor.organizationId}::uuid AND ${c.organizationKind} = ${filter.kind}
               ${rank === null ? sql`` : sql`AND ${c.healthRank} = ${rank}`})
         - (SELECT count(*)::int FROM ${a} expired
             WHERE expired.viewer_id = ${actor.organizationId}::uuid AND expired.organization_kind = ${filter.kind}
               AND expired.ends_at <= relais_now() AND expired.organization_id <> expired.viewer_id
               ${rank === null ? sql`` : sql`AND expired.health_rank = ${rank}`}))`.mapWith(Number);
}

async function countList(tx: Tx, actor: Actor, filter: SummaryFilter): Promise<number> {
  const result = await tx.execute(sql`SELECT ${countOf(actor, filter)} AS total_count`);
  return Number(rowsOf<{ total_count: number }>(result)[0]?.total_count ?? 0);
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
