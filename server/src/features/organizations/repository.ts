import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/client.ts';
import {
  delegatedAdminRelationships,
  organizations,
  resellerRelationships,
  type OrganizationKind,
} from '../../core/tenancy/tables.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ListFilter {
  kind?: OrganizationKind | undefined;
  search?: string | undefined;
  after?: { name: string; id: string } | null;
  limit: number;
}

/** The organisations the actor may see, by name then id, one page (plus one row to detect a next page). */
export async function listVisible(tx: Tx, actor: Actor, filter: ListFilter) {
  const conditions: SQL[] = [visibleTo(actor, organizations.id)];
  if (filter.kind) conditions.push(eq(organizations.kind, filter.kind));
  if (filter.search) {
    const pattern = likeContains(filter.search);
    const match = or(ilike(organizations.name, pattern), ilike(organizations.primaryDomain, pattern));
    if (match) conditions.push(match);
  }
  const where = and(...conditions);
  const pageWhere = filter.after
    ? and(where, sql`(${organizations.name}, ${organizations.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`)
    : where;
  // One after the other: a transaction is one connection.
  const rows = await tx
    .select()
    .from(organizations)
    .where(pageWhere)
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(organizations)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}

export async function findVisible(tx: Tx, actor: Actor, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), visibleTo(actor, organizations.id)));
  return row;
}

/** The distributor a partner resells for (active relationship), if the actor may see it. */
export async function findVisibleDistributorOf(tx: Tx, actor: Actor, partnerId: string) {
  const [row] = await tx
    .select({ id: organizations.id, kind: organizations.kind, name: organizations.name })
    .from(resellerRelationships)
    .innerJoin(organizations, eq(organizations.id, resellerRelationships.distributorId))
    .where(
      and(
        eq(resellerRelationships.partnerId, partnerId),
        eq(resellerRelationships.status, 'active'),
        visibleTo(actor, organizations.id),
      ),
    )
    .orderBy(asc(organizations.name))
    .limit(1);
  return row;
}

/** The relationship between the actor's organisation and another one, most recent first. */
/** Rows linking organisations a and b, whichever of the two columns each one is in. */
function between(left: AnyPgColumn, right: AnyPgColumn, a: string, b: string) {
  return or(and(eq(left, a), eq(right, b)), and(eq(left, b), eq(right, a)));
}

export async function findRelationship(tx: Tx, actor: Actor, otherId: string) {
  const [reseller] = await tx
    .select({
      status: resellerRelationships.status,
      startsAt: resellerRelationships.acceptedAt,
      endsAt: resellerRelationships.terminatedAt,
    })
    .from(resellerRelationships)
    .where(between(resellerRelationships.distributorId, resellerRelationships.partnerId, actor.organizationId, otherId))
    .orderBy(sql`${resellerRelationships.createdAt} desc`)
    .limit(1);
  if (reseller) return { kind: 'reseller' as const, ...reseller };
  const [delegated] = await tx
    .select({
      status: sql<string>`effective_dap_status(${delegatedAdminRelationships.status}, ${delegatedAdminRelationships.endsAt})`,
      startsAt: delegatedAdminRelationships.startsAt,
      endsAt: delegatedAdminRelationships.endsAt,
    })
    .from(delegatedAdminRelationships)
    .where(
      between(
        delegatedAdminRelationships.providerId,
        delegatedAdminRelationships.customerId,
        actor.organizationId,
        otherId,
      ),
    )
    .orderBy(sql`${delegatedAdminRelationships.createdAt} desc`)
    .limit(1);
  return delegated ? { kind: 'delegated_admin' as const, ...delegated } : null;
}
