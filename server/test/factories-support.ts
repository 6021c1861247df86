import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/platform/db/client.ts';
import { unsafeSystemTransaction } from '../src/platform/db/scope.ts';
import { events } from '../src/platform/events/tables.ts';
import { products, skus, type AdminCenter, type CommerceType } from '../src/core/catalogue/tables.ts';
import { organizationSummaries } from '../src/features/customers/tables.ts';
import { incidentCustomers, incidents, incidentUpdates } from '../src/features/servicehealth/tables.ts';
import { serviceRequestNotes, serviceRequests } from '../src/features/servicerequests/tables.ts';
import { subscriptions } from '../src/features/subscriptions/tables.ts';
import { users } from '../src/core/tenancy/users.ts';
import type { TestApp } from './helper.ts';

const DAY = 86_400_000;
const word = () => randomBytes(4).toString('hex');

/** A product with `skuCount` SKUs, written directly (the API path is tested in catalogue.test.ts). */
export async function createProduct(
  database: DatabaseHandle,
  options: { name?: string; skuCount?: number; adminCenters?: AdminCenter[]; commerceType?: CommerceType } = {},
) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const id = word();
    const [product] = await tx
      .insert(products)
      .values({ name: options.name ?? `Product ${id}`, adminCenters: options.adminCenters ?? [] })
      .returning();
    if (!product) throw new Error('product insert failed');
    const count = options.skuCount ?? 1;
    const rows =
      count === 0
        ? []
        : await tx
            .insert(skus)
            .values(
              Array.from({ length: count }, (_, i) => ({
                productId: product.id,
                code: `S${id}-${i}`,
                name: `Plan ${id} ${i}`,
                commerceType: options.commerceType ?? 'new_commerce',
              })),
            )
            .returning();
    return { product, skus: rows };
  });
}

/** An active 12-month subscription of a customer to a SKU, billed by a distributor. */
export async function subscribe(
  database: DatabaseHandle,
  input: { customerId: string; skuId: string; billingProviderId: string; quantity?: number; now?: Date },
) {
  const now = input.now ?? new Date();
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .insert(subscriptions)
      .values({
        customerId: input.customerId,
        skuId: input.skuId,
        billingProviderId: input.billingProviderId,
        quantity: input.quantity ?? 10,
        termMonths: 12,
        startsAt: new Date(now.getTime() - 30 * DAY),
        commitmentEndsAt: new Date(now.getTime() + 335 * DAY),
      })
      .returning();
    if (!row) throw new Error('subscription insert failed');
    return row;
  });
}

/** Moves the app's clock forward (so that records written one after the other get distinct times). */
export function advance(t: Pick<TestApp, 'now' | 'setNow'>, ms = 60_000): Date {
  const next = new Date(t.now().getTime() + ms);
  t.setNow(next);
  return next;
}

/** The events about one target, in order, optionally of one action. */
export function eventsAbout(database: DatabaseHandle, targetId: string, action?: string) {
  return unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.targetId, targetId), action ? eq(events.action, action) : undefined))
      .orderBy(asc(events.id)),
  );
}

/** What the read model holds for an organisation (health, open requests…). */
export async function summaryOf(database: DatabaseHandle, organizationId: string) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(organizationSummaries)
      .where(eq(organizationSummaries.organizationId, organizationId));
    return row;
  });
}

export async function displayNameOf(database: DatabaseHandle, userId: string) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
    return row?.name;
  });
}

/** Everything a service request holds: the row, its notes and the events about it. */
export function serviceRequestSnapshot(database: DatabaseHandle, id: string) {
  return () =>
    unsafeSystemTransaction(database.db, async (tx) => ({
      request: await tx.select().from(serviceRequests).where(eq(serviceRequests.id, id)),
      notes: await tx
        .select()
        .from(serviceRequestNotes)
        .where(eq(serviceRequestNotes.serviceRequestId, id))
        .orderBy(asc(serviceRequestNotes.id)),
      events: await tx.select().from(events).where(eq(events.targetId, id)).orderBy(asc(events.id)),
    }));
}

/** A customer's requests and the events concerning the customer. */
export function customerRequestsSnapshot(database: DatabaseHandle, customerId: string) {
  return () =>
    unsafeSystemTransaction(database.db, async (tx) => ({
      requests: await tx
        .select()
        .from(serviceRequests)
        .where(eq(serviceRequests.customerId, customerId))
        .orderBy(asc(serviceRequests.number)),
      events: await tx.select().from(events).where(eq(events.organizationId, customerId)).orderBy(asc(events.id)),
    }));
}

/** Every incident with its updates and listed customers, and the number of events. */
export function incidentsSnapshot(database: DatabaseHandle) {
  return () =>
    unsafeSystemTransaction(database.db, async (tx) => {
      const rows = await tx.select().from(incidents).orderBy(asc(incidents.reference));
      const ids = rows.map((r) => r.id);
      return {
        incidents: rows,
        updates: ids.length
          ? await tx
              .select()
              .from(incidentUpdates)
              .where(inArray(incidentUpdates.incidentId, ids))
              .orderBy(asc(incidentUpdates.id))
          : [],
        customers: ids.length
          ? await tx
              .select()
              .from(incidentCustomers)
              .where(inArray(incidentCustomers.incidentId, ids))
              .orderBy(asc(incidentCustomers.customerId))
          : [],
        events: (await tx.select({ id: events.id }).from(events)).length,
      };
    });
}

/** The whole catalogue and the number of events. */
export function catalogueSnapshot(database: DatabaseHandle) {
  return () =>
    unsafeSystemTransaction(database.db, async (tx) => ({
      products: await tx.select().from(products).orderBy(asc(products.id)),
      skus: await tx.select().from(skus).orderBy(asc(skus.id)),
      events: (await tx.select({ id: events.id }).from(events)).length,
    }));
}
