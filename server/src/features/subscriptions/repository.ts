import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { products, skus } from '../../core/catalogue/tables.ts';
import { resellerRelationships } from '../../core/tenancy/tables.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';
import { subscriptions } from './tables.ts';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

const t = subscriptions;

/** A subscription with what its presentation needs: SKU, product and the channel organisations' names. */
const listed = {
  subscription: t,
  sku: { id: skus.id, code: skus.code, name: skus.name, commerceType: skus.commerceType },
  product: { id: products.id, name: products.name },
  expiringSoon: sql<boolean>`(${t.status} = 'active' AND ${t.commitmentEndsAt} <= relais_now() + interval '30 days')`,
};

export type ListedSubscription = Awaited<ReturnType<typeof listForCustomer>>[number];

export async function listForCustomer(
  tx: Tx,
  actor: Actor,
  customerId: string,
  page: { after: { status: string; ends: string; id: string } | null; limit: number },
) {
  // Active first, then by commitment end: what a technician checks first.
  const statusRank = sql`(CASE ${t.status} WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END)`;
  const conditions = [eq(t.customerId, customerId), visibleTo(actor, t.customerId)];
  if (page.after) {
    conditions.push(
      sql`(${statusRank}, ${t.commitmentEndsAt}, ${t.id}) > (${Number(page.after.status)}, ${page.after.ends}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await tx
    .select({ ...listed, statusRank: sql<number>`${statusRank}::int` })
    .from(t)
    .innerJoin(skus, eq(skus.id, t.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(and(...conditions))
    .orderBy(statusRank, asc(t.commitmentEndsAt), asc(t.id))
    .limit(page.limit);
  return rows;
}

export async function countForCustomer(tx: Tx, actor: Actor, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(t)
    .where(and(eq(t.customerId, customerId), visibleTo(actor, t.customerId)));
  return row?.n ?? 0;
}

export async function findListed(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select(listed)
    .from(t)
    .innerJoin(skus, eq(skus.id, t.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(and(eq(t.id, id), visibleTo(actor, t.customerId)));
  return row;
}

/** Names of channel organisations (distributors, partners), readable by every member of the channel. */
export async function channelNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await tx.execute(sql`SELECT id, name FROM relais_channel_names(${`{${unique.join(',')}}`}::uuid[])`);
  return new Map(rowsOf<{ id: string; name: string }>(result).map((r) => [r.id, r.name]));
}

export async function findSku(tx: Tx, id: string) {
  const [row] = await tx.select({ id: skus.id, productId: skus.productId }).from(skus).where(eq(skus.id, id));
  return row;
}

/** True when the partner resells for the distributor through an active relationship. */
export async function resellsFor(tx: Tx, partnerId: string, distributorId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: resellerRelationships.id })
    .from(resellerRelationships)
    .where(
      and(
        eq(resellerRelationships.partnerId, partnerId),
        eq(resellerRelationships.distributorId, distributorId),
        eq(resellerRelationships.status, 'active'),
      ),
    );
  return row !== undefined;
}

export async function insert(
  tx: Tx,
  values: Omit<typeof subscriptions.$inferInsert, 'commitmentEndsAt'> & { startsAt: Date; termMonths: number },
): Promise<SubscriptionRow> {
  const [row] = await tx
    .insert(t)
    .values({
      ...values,
      // The commitment end is computed in SQL, with PostgreSQL's calendar arithmetic (31 January + 1 month).
      commitmentEndsAt: sql`${values.startsAt.toISOString()}::timestamptz + make_interval(months => ${values.termMonths})`,
    })
    .returning();
  if (!row) throw new Error('subscription insert returned nothing');
  return row;
}

export async function update(
  tx: Tx,
  id: string,
  version: number,
  values: Partial<Pick<SubscriptionRow, 'quantity' | 'status' | 'autoRenew'>>,
): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .update(t)
    .set({ ...values, version: sql`${t.version} + 1`, updatedAt: sql`relais_now()` })
    .where(and(eq(t.id, id), eq(t.version, version)))
    .returning();
  return row;
}

/** The figures of the details pane. */
export async function summaryOf(tx: Tx, actor: Actor, customerId: string) {
  const [row] = await tx
    .select({
      active: sql<number>`count(*) FILTER (WHERE ${t.status} = 'active')::int`,
      licences: sql<number>`coalesce(sum(${t.quantity}) FILTER (WHERE ${t.status} = 'active'), 0)::int`,
      nextExpiry: sql<Date | null>`min(${t.commitmentEndsAt}) FILTER (WHERE ${t.status} = 'active')`,
      expiringWithin30Days: sql<number>`count(*) FILTER (WHERE ${t.status} = 'active'
        AND ${t.commitmentEndsAt} <= relais_now() + interval '30 days')::int`,
    })
    .from(t)
    .where(and(eq(t.customerId, customerId), visibleTo(actor, t.customerId)));
  return {
    active: row?.active ?? 0,
    licences: row?.licences ?? 0,
    nextExpiry: row?.nextExpiry ? new Date(row.nextExpiry) : null,
    expiringWithin30Days: row?.expiringWithin30Days ?? 0,
  };
}

/** The products a customer holds active subscriptions to (for its admin-centre links). */
export async function activeProductIds(tx: Tx, actor: Actor, customerId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: skus.productId })
    .from(t)
    .innerJoin(skus, eq(skus.id, t.skuId))
    .where(and(eq(t.customerId, customerId), eq(t.status, 'active'), visibleTo(actor, t.customerId)));
  return rows.map((r) => r.id);
}
