import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { products, skus } from '../../core/catalogue/tables.ts';

export type ProductRow = typeof products.$inferSelect;
export type SkuRow = typeof skus.$inferSelect;

/** One page of products by name then id (plus one row to detect a next page), and the total. */
export async function listProducts(tx: Tx, page: { after: { name: string; id: string } | null; limit: number }) {
  const rows = await tx
    .select()
    .from(products)
    .where(
      page.after ? sql`(${products.name}, ${products.id}) > (${page.after.name}, ${page.after.id}::uuid)` : undefined,
    )
    .orderBy(asc(products.name), asc(products.id))
    .limit(page.limit + 1);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(products);
  return { rows, totalCount: count?.n ?? 0 };
}

/** The SKUs of the given products, by name. */
export function skusOf(tx: Tx, productIds: string[]): Promise<SkuRow[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  return tx.select().from(skus).where(inArray(skus.productId, productIds)).orderBy(asc(skus.name), asc(skus.code));
}

export async function findProduct(tx: Tx, id: string): Promise<ProductRow | undefined> {
  const [row] = await tx.select().from(products).where(eq(products.id, id));
  return row;
}

export function findProducts(tx: Tx, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.select().from(products).where(inArray(products.id, ids)).orderBy(asc(products.name));
}

/** Inserts a product; undefined when the name is taken (case-insensitive unique index). */
export async function insertProduct(tx: Tx, row: typeof products.$inferInsert): Promise<ProductRow | undefined> {
  const [created] = await tx.insert(products).values(row).onConflictDoNothing().returning();
  return created;
}

/** Inserts a SKU; undefined when the code is taken (case-insensitive unique index). */
export async function insertSku(tx: Tx, row: typeof skus.$inferInsert): Promise<SkuRow | undefined> {
  const [created] = await tx.insert(skus).values(row).onConflictDoNothing().returning();
  return created;
}
