import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { skus } from '../../core/catalogue/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';

export const subscriptionStatuses = ['active', 'suspended', 'expired', 'cancelled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** A customer's licences of one SKU, billed by a distributor, possibly sold through a partner (reseller of record). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => organizations.id),
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    quantity: integer('quantity').notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull().default('active'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    termMonths: integer('term_months').notNull(),
    /** The commitment end date: the expiry shown everywhere. */
    commitmentEndsAt: timestamp('commitment_ends_at', { withTimezone: true }).notNull(),
    autoRenew: boolean('auto_renew').notNull().default(true),
    billingProviderId: uuid('billing_provider_id')
      .notNull()
      .references(() => organizations.id),
    resellerId: uuid('reseller_id').references(() => organizations.id),
    /** The commitment end the 30-day "expiring" event was emitted for (so it is emitted once per term). */
    expiryNoticeFor: timestamp('expiry_notice_for', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('subscriptions_status_check', sql`${t.status} in ('active', 'suspended', 'expired', 'cancelled')`),
    check('subscriptions_quantity_check', sql`${t.quantity} between 1 and 1000000`),
    check('subscriptions_term_check', sql`${t.termMonths} in (1, 12, 36)`),
    check('subscriptions_dates_check', sql`${t.commitmentEndsAt} > ${t.startsAt}`),
    index('subscriptions_customer_idx').on(t.customerId, t.status),
    index('subscriptions_sku_idx').on(t.skuId),
    index('subscriptions_billing_provider_idx').on(t.billingProviderId),
    index('subscriptions_reseller_idx').on(t.resellerId),
    index('subscriptions_active_end_idx')
      .on(t.commitmentEndsAt)
      .where(sql`${t.status} = 'active'`),
  ],
);
