import type { SystemTx } from '../../platform/db/scope.ts';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { skus } from '../../core/catalogue/tables.ts';
import { organizations, resellerRelationships } from '../../core/tenancy/tables.ts';
import type { ActivationLinkStatus } from './schemas.ts';
import { activationLinks } from './tables.ts';

export type ActivationLinkRow = typeof activationLinks.$inferSelect;

/** pending, used or revoked as stored; a pending link past its expiry is `expired`, by the clock alone. */
const effectiveStatus = sql<ActivationLinkStatus>`CASE WHEN ${activationLinks.status} = 'pending'
  AND ${activationLinks.expiresAt} <= relais_now() THEN 'expired' ELSE ${activationLinks.status} END`;

const linkColumns = {
  link: activationLinks,
  status: effectiveStatus,
  usedOrganizationName: organizations.name,
};
export type ActivationLinkListRow = {
  link: ActivationLinkRow;
  status: ActivationLinkStatus;
  usedOrganizationName: string | null;
};

export interface LinkFilter {
  status?: ActivationLinkStatus | undefined;
  after?: { createdAt: string; id: string } | null;
  limit: number;
}

/** The links the actor's organisation sent, newest first. The used organisation's name shows while it is visible. */
export async function listSent(tx: Tx, actor: Actor, filter: LinkFilter) {
  const conditions: SQL[] = [eq(activationLinks.senderOrganizationId, actor.organizationId)];
  if (filter.status) conditions.push(sql`${effectiveStatus} = ${filter.status}`);
  const where = and(...conditions);
  const page = filter.after
    ? and(
        where,
        sql`(${activationLinks.createdAt}, ${activationLinks.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`,
      )
    : where;
  const rows: ActivationLinkListRow[] = await tx
    .select(linkColumns)
    .from(activationLinks)
    .leftJoin(organizations, eq(organizations.id, activationLinks.usedOrganizationId))
    .where(page)
    .orderBy(desc(activationLinks.createdAt), desc(activationLinks.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(activationLinks)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}

/** One link the actor's organisation sent, locked for a change; undefined for anyone else's. */
export async function findSentForUpdate(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ link: activationLinks, status: effectiveStatus })
    .from(activationLinks)
    .where(and(eq(activationLinks.id, id), eq(activationLinks.senderOrganizationId, actor.organizationId)))
    .for('update', { of: activationLinks });
  return row;
}

export async function findSent(tx: Tx, actor: Actor, id: string): Promise<ActivationLinkListRow | undefined> {
  const [row] = await tx
    .select(linkColumns)
    .from(activationLinks)
    .leftJoin(organizations, eq(organizations.id, activationLinks.usedOrganizationId))
    .where(and(eq(activationLinks.id, id), eq(activationLinks.senderOrganizationId, actor.organizationId)));
  return row;
}

export async function insert(tx: Tx, row: typeof activationLinks.$inferInsert) {
  await tx.insert(activationLinks).values(row);
}

export async function update(tx: Tx, id: string, changes: Partial<typeof activationLinks.$inferInsert>) {
  await tx.update(activationLinks).set(changes).where(eq(activationLinks.id, id));
}

/** Names of the SKUs some link items name, by id (the catalogue is readable by every organisation). */
export async function skuNames(tx: Tx, items: { skuId: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(items.map((i) => i.skuId))];
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: skus.id, name: skus.name }).from(skus).where(inArray(skus.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The actor's own organisation (always visible to itself). */
export async function findOwnOrganization(tx: Tx, actor: Actor) {
  const [row] = await tx
    .select({ id: organizations.id, kind: organizations.kind, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return row;
}

/** The distributor a partner buys through (active reseller relationship): as the partner, or in onboarding. */
export async function findDistributorOf(tx: Tx, partnerId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: resellerRelationships.distributorId })
    .from(resellerRelationships)
    .where(and(eq(resellerRelationships.partnerId, partnerId), eq(resellerRelationships.status, 'active')))
    .orderBy(resellerRelationships.acceptedAt)
    .limit(1);
  return row?.id;
}

// The public side: whoever holds the link has no account yet, so these read across organisations by the token alone.

/** A link by the hash of a presented token, with its sender, locked when `forUpdate` (onboarding). */
export async function findLinkByTokenHash(tx: SystemTx, tokenHash: string, forUpdate = false) {
  const query = tx
    .select({
      link: activationLinks,
      status: effectiveStatus,
      sender: { id: organizations.id, kind: organizations.kind, name: organizations.name },
    })
    .from(activationLinks)
    .innerJoin(organizations, eq(organizations.id, activationLinks.senderOrganizationId))
    .where(eq(activationLinks.tokenHash, tokenHash));
  const [row] = forUpdate ? await query.for('update', { of: activationLinks }) : await query;
  return row;
}
