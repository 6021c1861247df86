import type { SystemTx } from '../../platform/db/scope.ts';
import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { delegatedAdminRelationships as dap, organizations, type Language } from '../../core/tenancy/tables.ts';
import type { RelationshipStatus } from './schemas.ts';

export type RelationshipRow = typeof dap.$inferSelect;
export interface RelationshipWithStatus {
  relationship: RelationshipRow;
  status: RelationshipStatus;
}

/** expiring and expired follow from ends_at and the app's clock (migration 0001). */
const effectiveStatus = sql<RelationshipStatus>`effective_dap_status(${dap.status}, ${dap.endsAt})`;
const columns = { relationship: dap, status: effectiveStatus };

const asParty = (actor: Actor) =>
  or(eq(dap.providerId, actor.organizationId), eq(dap.customerId, actor.organizationId));

export interface RelationshipFilter {
  status?: RelationshipStatus | undefined;
  after?: { createdAt: string; id: string } | null;
  limit: number;
}

/** The actor's relationships, as provider or as customer, newest first. */
export async function listForParty(tx: Tx, actor: Actor, filter: RelationshipFilter) {
  const conditions: (SQL | undefined)[] = [asParty(actor)];
  if (filter.status) conditions.push(sql`${effectiveStatus} = ${filter.status}`);
  const where = and(...conditions);
  const page = filter.after
    ? and(
        where,
        sql`(${dap.createdAt}, ${dap.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`,
      )
    : where;
  const rows: RelationshipWithStatus[] = await tx
    .select(columns)
    .from(dap)
    .where(page)
    .orderBy(desc(dap.createdAt), desc(dap.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(dap)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}

/** One of the actor's relationships, locked for a change; undefined when the actor is not a party to it. */
export async function findForPartyForUpdate(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select(columns)
    .from(dap)
    .where(and(eq(dap.id, id), asParty(actor)))
    .for('update');
  return row;
}

/** Serialises relationship changes (the same lock the visibility triggers take), so that two requests cannot both open one. */
export async function lockGraph(tx: Tx) {
  await tx.execute(sql`SELECT relais_lock_graph()`);
}

/** Whether provider and customer already have a pending or a running (active, expiring) relationship. */
export async function hasOpen(tx: Tx, providerId: string, customerId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: dap.id })
    .from(dap)
    .where(
      and(
        eq(dap.providerId, providerId),
        eq(dap.customerId, customerId),
        sql`${effectiveStatus} IN ('pending', 'active', 'expiring')`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function insert(tx: Tx, row: typeof dap.$inferInsert): Promise<string> {
  const [created] = await tx.insert(dap).values(row).returning({ id: dap.id });
  if (!created) throw new Error('relationship insert returned nothing');
  return created.id;
}

export async function update(tx: Tx, id: string, changes: Partial<typeof dap.$inferInsert>) {
  await tx.update(dap).set(changes).where(eq(dap.id, id));
}

/** A relationship with its effective status, as the transaction sees it. */
export async function find(tx: Tx, id: string): Promise<RelationshipWithStatus | undefined> {
  const [row] = await tx.select(columns).from(dap).where(eq(dap.id, id));
  return row;
}

export interface Party {
  id: string;
  kind: string;
  name: string;
  primaryDomain: string;
}

const partyColumns = {
  id: organizations.id,
  kind: organizations.kind,
  name: organizations.name,
  primaryDomain: organizations.primaryDomain,
};

/** The actor's own organisation. */
export async function findOwnOrganization(tx: Tx, actor: Actor): Promise<Party | undefined> {
  const [row] = await tx.select(partyColumns).from(organizations).where(eq(organizations.id, actor.organizationId));
  return row;
}

// Across organisations, inside the actor's transaction: row-level security shows a provider no customer it does not
// hold yet, and neither side the other's users. Each read goes through one SECURITY DEFINER function of migration
// 0015 that answers only its own question.

/**
 * Names of the parties of relationships the actor holds, by id: the actor's own organisation and those it has a
 * relationship with (other ids are left out).
 */
export async function relationshipParties(tx: Tx, ids: string[]): Promise<Map<string, Party>> {
  if (ids.length === 0) return new Map();
  const result = await tx.execute(
    sql`SELECT id, kind, name, primary_domain FROM relais_relationship_parties(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const rows = rowsOf<{ id: string; kind: string; name: string; primary_domain: string }>(result);
  return new Map(rows.map((r) => [r.id, { id: r.id, kind: r.kind, name: r.name, primaryDomain: r.primary_domain }]));
}

/** A customer by its primary domain, among all customers: a provider asks for access to a tenant it cannot see yet. */
export async function customerByDomain(
  tx: Tx,
  domain: string,
): Promise<{ id: string; name: string; primaryDomain: string; language: Language } | undefined> {
  const result = await tx.execute(
    sql`SELECT id, name, primary_domain, language FROM relais_customer_by_domain(${domain.toLowerCase()})`,
  );
  const [row] = rowsOf<{ id: string; name: string; primary_domain: string; language: Language }>(result);
  return row && { id: row.id, name: row.name, primaryDomain: row.primary_domain, language: row.language };
}

/** The active Admins of a customer the actor's organisation has a pending request to: they receive it. */
export async function requestRecipients(
  tx: Tx,
  customerId: string,
): Promise<{ email: string; language: Language | null }[]> {
  const result = await tx.execute(sql`SELECT email, language FROM relais_request_recipients(${customerId}::uuid)`);
  return rowsOf<{ email: string; language: Language | null }>(result);
}

export interface NoticeRow {
  id: string;
  providerId: string;
  customerId: string;
  customerName: string;
  endsAt: Date;
}

/**
 * Claims (SKIP LOCKED) active relationships whose end has passed or is within 30 days and whose notice for this end
 * date was not given yet, and marks it given; an expired one is marked for both notices, so a late scan never
 * announces "expiring" after "expired".
 */
export async function claimNotices(tx: SystemTx, kind: 'expiring' | 'expired', limit: number): Promise<NoticeRow[]> {
  const due =
    kind === 'expired'
      ? sql`d.ends_at <= relais_now() AND d.expired_notice_for IS DISTINCT FROM d.ends_at`
      : sql`d.ends_at > relais_now() AND d.ends_at <= relais_now() + interval '30 days'
            AND d.expiring_notice_for IS DISTINCT FROM d.ends_at`;
  const mark =
    kind === 'expired'
      ? sql`expired_notice_for = r.ends_at, expiring_notice_for = r.ends_at`
      : sql`expiring_notice_for = r.ends_at`;
  const result = await tx.execute(sql`
    UPDATE delegated_admin_relationships r SET ${mark}
      FROM organizations c
     WHERE c.id = r.customer_id
       AND r.id IN (SELECT d.id FROM delegated_admin_relationships d
                     WHERE d.status = 'active' AND ${due}
                     ORDER BY d.ends_at LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED)
    RETURNING r.id, r.provider_id, r.customer_id, c.name AS customer_name, r.ends_at`);
  return rowsOf<{
    id: string;
    provider_id: string;
    customer_id: string;
    customer_name: string;
    ends_at: string | Date;
  }>(result).map((r) => ({
    id: r.id,
    providerId: r.provider_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    endsAt: new Date(r.ends_at),
  }));
}
