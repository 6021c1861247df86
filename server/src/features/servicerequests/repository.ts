import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { products } from '../../core/catalogue/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';
import { users } from '../../core/tenancy/users.ts';
import { serviceRequestNotes, serviceRequests, type ServiceRequestStatus } from './tables.ts';

export type ServiceRequestRow = typeof serviceRequests.$inferSelect;
export type NoteRow = typeof serviceRequestNotes.$inferSelect;

const customer = alias(organizations, 'customer');
const creator = alias(users, 'creator');

/** A request with the names around it. Users are visible to their own organisation only: others read null. */
const listed = {
  request: serviceRequests,
  customerName: customer.name,
  productName: products.name,
  creatorUserName: creator.displayName,
  noteCount: sql<number>`(SELECT count(*)::int FROM ${serviceRequestNotes}
    WHERE ${serviceRequestNotes.serviceRequestId} = ${serviceRequests.id})`,
  // The creation time with its microseconds, so that a cursor resumes exactly where a page ended.
  cursorAt: sql<string>`to_char(${serviceRequests.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};
export type ListedRequest = {
  request: ServiceRequestRow;
  customerName: string;
  productName: string | null;
  creatorUserName: string | null;
  noteCount: number;
  cursorAt: string;
};

function selectListed(tx: Tx, where: SQL | undefined) {
  return tx
    .select(listed)
    .from(serviceRequests)
    .innerJoin(customer, eq(customer.id, serviceRequests.customerId))
    .leftJoin(products, eq(products.id, serviceRequests.productId))
    .leftJoin(creator, eq(creator.id, serviceRequests.createdByUserId))
    .where(where);
}

/** One page of a customer's requests, newest first, and the total. */
export async function listForCustomer(
  tx: Tx,
  actor: Actor,
  customerId: string,
  filter: { status?: ServiceRequestStatus | undefined; after: { at: string; number: number } | null; limit: number },
): Promise<{ rows: ListedRequest[]; totalCount: number }> {
  const where = and(
    eq(serviceRequests.customerId, customerId),
    visibleTo(actor, serviceRequests.customerId),
    filter.status ? eq(serviceRequests.status, filter.status) : undefined,
  );
  const page = filter.after
    ? and(
        where,
        sql`(${serviceRequests.createdAt}, ${serviceRequests.number}) < (${filter.after.at}::timestamptz, ${filter.after.number})`,
      )
    : where;
  const rows = await selectListed(tx, page)
    .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.number))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(serviceRequests)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}

/** A request of a customer the actor sees; locked for the rest of the transaction when asked. */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ListedRequest | undefined> {
  const query = selectListed(tx, and(eq(serviceRequests.id, id), visibleTo(actor, serviceRequests.customerId)));
  const [row] = options.lock ? await query.for('update', { of: serviceRequests }) : await query;
  return row;
}

export async function insert(tx: Tx, row: typeof serviceRequests.$inferInsert): Promise<ServiceRequestRow> {
  const [created] = await tx.insert(serviceRequests).values(row).returning();
  if (!created) throw new Error('service request insert returned nothing');
  return created;
}

/** Applies a change if the request is still at the version the caller read; undefined otherwise. */
export async function update(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  set: Partial<typeof serviceRequests.$inferInsert>,
): Promise<ServiceRequestRow | undefined> {
  const [row] = await tx
    .update(serviceRequests)
    .set(set)
    .where(
      and(
        eq(serviceRequests.id, id),
        eq(serviceRequests.version, version),
        visibleTo(actor, serviceRequests.customerId),
      ),
    )
    .returning();
  return row;
}

export async function insertNote(tx: Tx, row: typeof serviceRequestNotes.$inferInsert): Promise<NoteRow> {
  const [created] = await tx.insert(serviceRequestNotes).values(row).returning();
  if (!created) throw new Error('note insert returned nothing');
  return created;
}

/** The notes of a request the actor sees, oldest first. */
export function notesOf(tx: Tx, actor: Actor, requestId: string): Promise<NoteRow[]> {
  return tx
    .select({ note: serviceRequestNotes })
    .from(serviceRequestNotes)
    .innerJoin(serviceRequests, eq(serviceRequests.id, serviceRequestNotes.serviceRequestId))
    .where(and(eq(serviceRequestNotes.serviceRequestId, requestId), visibleTo(actor, serviceRequests.customerId)))
    .orderBy(asc(serviceRequestNotes.createdAt), asc(serviceRequestNotes.id))
    .then((rows) => rows.map((r) => r.note));
}

/** The acting user's display name (a user reads their own row). */
export async function displayNameOf(tx: Tx, userId: string): Promise<string | undefined> {
  const [row] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name;
}

/** Names of channel organisations (vendor, distributors, partners), which are not secret between channel members. */
export async function channelNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await tx.execute(sql`SELECT id, name FROM relais_channel_names(${`{${unique.join(',')}}`}::uuid[])`);
  return new Map(rowsOf<{ id: string; name: string }>(result).map((r) => [r.id, r.name]));
}
