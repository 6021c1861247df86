import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/platform/db/client.ts';
import { unsafeSystemTransaction } from '../src/platform/db/scope.ts';
import { products, skus, type CommerceType } from '../src/core/catalogue/tables.ts';
import { subscriptions } from '../src/features/subscriptions/tables.ts';
import { incidents } from '../src/features/servicehealth/tables.ts';

const DAY = 86_400_000;
const word = () => randomBytes(4).toString('hex');

/** A product with one SKU of the given commerce type. */
export async function createSku(database: DatabaseHandle, commerceType: CommerceType = 'new_commerce') {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const id = word();
    const [product] = await tx
      .insert(products)
      .values({
        name: `Product ${id}`,
        adminCenters: [{ name: 'Admin', urlTemplate: 'https://admin.example/{tenantId}' }],
      })
      .returning();
    if (!product) throw new Error('product insert failed');
    const [sku] = await tx
      .insert(skus)
      .values({ productId: product.id, code: `SKU-${id}`, name: `Plan ${id}`, commerceType })
      .returning();
    if (!sku) throw new Error('sku insert failed');
    return { product, sku };
  });
}

/** A subscription written directly (the API path is tested in subscriptions.test.ts). */
export async function createSubscription(
  database: DatabaseHandle,
  input: {
    customerId: string;
    skuId: string;
    billingProviderId: string;
    quantity: number;
    endsInDays: number;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .insert(subscriptions)
      .values({
        customerId: input.customerId,
        skuId: input.skuId,
        billingProviderId: input.billingProviderId,
        quantity: input.quantity,
        termMonths: 12,
        startsAt: new Date(now.getTime() - 300 * DAY),
        commitmentEndsAt: new Date(now.getTime() + input.endsInDays * DAY),
      })
      .returning();
    if (!row) throw new Error('subscription insert failed');
    return row;
  });
}

/** An open incident or advisory on a product (every subscriber affected). */
export async function openIncident(database: DatabaseHandle, productId: string, kind: 'incident' | 'advisory') {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({
        reference: `INC-${word()}`,
        productId,
        kind,
        title: `${kind} ${word()}`,
        severity: 'high',
        scope: 'product',
        startsAt: sql`now()`,
      })
      .returning();
    if (!row) throw new Error('incident insert failed');
    return row;
  });
}
