import { and, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { EventContext } from '../../platform/events/record.ts';
import { products } from '../../core/catalogue/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { visibleTo } from '../../core/tenancy/visibility.ts';
import { incidentCustomers, incidents, incidentUpdates } from './tables.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentUpdateRow = typeof incidentUpdates.$inferSelect;

/** A timestamp as text with its microseconds, so that a cursor resumes exactly where the page ended. */
const exactTime = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A uuid[] parameter (drizzle would expand a JS array into a list of parameters). */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

const listed = { incident: incidents, productName: products.name, cursorAt: exactTime(incidents.startsAt) };

/** Incidents are public to every signed-in organisation, like a status page: newest first, one page and the total. */
export async function listIncidents(
  tx: Tx,
  filter: { status?: 'open' | 'resolved' | undefined; after: { at: string; id: string } | null; limit: number },
) {
  const where =
    filter.status === 'open'
      ? ne(incidents.status, 'resolved')
      : filter.status === 'resolved'
        ? eq(incidents.status, 'resolved')
        : undefined;
  const page = filter.after
    ? and(
        where,
        sql`(${incidents.startsAt}, ${incidents.id}) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`,
      )
    : where;
  const rows = await tx
    .select(listed)
    .from(incidents)
    .innerJoin(products, eq(products.id, incidents.productId))
    .where(page)
    .orderBy(desc(incidents.startsAt), desc(incidents.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(incidents)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}

export async function findIncident(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const query = tx
    .select(listed)
    .from(incidents)
    .innerJoin(products, eq(products.id, incidents.productId))
    .where(eq(incidents.id, id));
  const [row] = options.lock ? await query.for('update', { of: incidents }) : await query;
  return row;
}

/** The updates of the given incidents, newest first. */
export function updatesOf(tx: Tx, incidentIds: string[]): Promise<IncidentUpdateRow[]> {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, incidentIds))
    .orderBy(desc(incidentUpdates.postedAt), desc(incidentUpdates.id));
}

/** The listed customers of the given incidents, only those the actor sees. */
export function visibleCustomersOf(tx: Tx, actor: Actor, incidentIds: string[]) {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return tx
    .select({ incidentId: incidentCustomers.incidentId, customerId: incidentCustomers.customerId })
    .from(incidentCustomers)
    .where(and(inArray(incidentCustomers.incidentId, incidentIds), visibleTo(actor, incidentCustomers.customerId)))
    .orderBy(incidentCustomers.customerId);
}

/** Inserts an incident; undefined when its reference is already taken. */
export async function insertIncident(tx: Tx, row: typeof incidents.$inferInsert): Promise<IncidentRow | undefined> {
  const [created] = await tx
    .insert(incidents)
    .values(row)
    .onConflictDoNothing({ target: incidents.reference })
    .returning();
  return created;
}

export async function insertUpdate(tx: Tx, row: typeof incidentUpdates.$inferInsert): Promise<IncidentUpdateRow> {
  const [created] = await tx.insert(incidentUpdates).values(row).returning();
  if (!created) throw new Error('incident update insert returned nothing');
  return created;
}

/** Lists the given customers on an incident, set-based; returns how many were customers the actor sees. */
export async function addCustomers(tx: Tx, actor: Actor, incidentId: string, customerIds: string[]): Promise<number> {
  const result = await tx.execute(sql`
    INSERT INTO incident_customers (incident_id, customer_id)
    SELECT ${incidentId}::uuid, o.id FROM ${organizations} o
     WHERE o.id = ANY(${uuidArray(customerIds)}) AND o.kind = 'customer' AND ${visibleTo(actor, sql`o.id`)}
    RETURNING customer_id`);
  return rowsOf(result).length;
}

/** Applies a change if the incident is still at the version the caller read; undefined otherwise. */
export async function updateIncident(
  tx: Tx,
  id: string,
  version: number,
  set: Partial<typeof incidents.$inferInsert>,
): Promise<IncidentRow | undefined> {
  const [row] = await tx
    .update(incidents)
    .set(set)
    .where(and(eq(incidents.id, id), eq(incidents.version, version)))
    .returning();
  return row;
}

/**
 * One `incident.affecting` event per customer the incident touches (organisation = that customer), in one statement
 * and without a NOTIFY per row: an incident on a product can touch 100,000 customers. The columns are recordEvent's.
 * Who is touched is relais_incident_customers (migration 0003), the same rule that computes their health.
 */
export async function recordAffecting(
  tx: Tx,
  actor: Actor,
  context: EventContext,
  incident: { id: string; label: string; changes: Record<string, unknown> },
): Promise<number> {
  const result = await tx.execute(sql`
    INSERT INTO events (action, actor_user_id, actor_organization_id, organization_id, target_type, target_id,
                        target_label, changes, request_id, occurred_at)
    SELECT 'incident.affecting', ${context.actor?.userId ?? null}::uuid, ${context.actor?.organizationId ?? null}::uuid,
           c.id, 'incident', ${incident.id}, ${incident.label}, ${JSON.stringify(incident.changes)}::jsonb,
           ${context.requestId ?? null}, relais_now()
      FROM unnest(relais_incident_customers(ARRAY[${incident.id}::uuid])) AS c(id)
     WHERE ${visibleTo(actor, sql`c.id`)}
    RETURNING organization_id`);
  return rowsOf(result).length;
}

/** An incident touches a customer through an active subscription to its product (scope product) or by name. */
function affects(customerId: string, productIds: string[]): SQL {
  const subscribed = productIds.length > 0 ? inArray(incidents.productId, productIds) : sql`false`;
  return sql`((${incidents.scope} = 'product' AND ${subscribed})
    OR (${incidents.scope} = 'customers' AND EXISTS (
      SELECT 1 FROM ${incidentCustomers}
       WHERE ${incidentCustomers.incidentId} = ${incidents.id} AND ${incidentCustomers.customerId} = ${customerId}::uuid)))`;
}

/** The open incidents touching a customer, or those resolved in the last 7 days (by the app's clock), newest first. */
export function incidentsAffecting(
  tx: Tx,
  customer: { id: string; productIds: string[] },
  which: 'open' | 'recentlyResolved',
) {
  const state =
    which === 'open'
      ? ne(incidents.status, 'resolved')
      : sql`${incidents.status} = 'resolved' AND ${incidents.endsAt} >= relais_now() - interval '7 days'`;
  return tx
    .select(listed)
    .from(incidents)
    .innerJoin(products, eq(products.id, incidents.productId))
    .where(and(state, affects(customer.id, customer.productIds)))
    .orderBy(desc(incidents.startsAt), desc(incidents.id));
}
