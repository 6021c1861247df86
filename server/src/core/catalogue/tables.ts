import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A link to one of the admin centres a product opens; `{tenantId}` and `{domain}` are the customer's. */
export interface AdminCenter {
  name: string;
  urlTemplate: string;
}

/** The vendor's products; each one is also a service whose health the vendor reports. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    adminCenters: jsonb('admin_centers')
      .$type<AdminCenter[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('products_name_key').on(sql`lower(${t.name})`)],
);

export const commerceTypes = ['legacy', 'new_commerce'] as const;
export type CommerceType = (typeof commerceTypes)[number];

/** A sellable unit of a product. */
export const skus = pgTable(
  'skus',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    commerceType: text('commerce_type').$type<CommerceType>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('skus_commerce_type_check', sql`${t.commerceType} in ('legacy', 'new_commerce')`),
    uniqueIndex('skus_code_key').on(sql`upper(${t.code})`),
    index('skus_product_idx').on(t.productId),
  ],
);
