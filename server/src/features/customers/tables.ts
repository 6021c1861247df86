import { sql } from 'drizzle-orm';
import { integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, type OrganizationKind } from '../../core/tenancy/tables.ts';

export const healthStates = ['healthy', 'advisory', 'incident'] as const;
export type HealthState = (typeof healthStates)[number];

/**
 * The per-organisation figures the Customers, Partners and Distributors pages show and sort on, maintained by
 * triggers (migration 0003). For a customer: its own health, open requests, licences, nearest expiry and SKUs; for a
 * partner or distributor: the sums over the customers it sees.
 */
export const organizationSummaries = pgTable('organization_summaries', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<OrganizationKind>().notNull(),
  name: text('name').notNull(),
  primaryDomain: text('primary_domain').notNull(),
  /** Lower-cased, accents removed, name and domain: what search matches (trigram index). */
  searchKey: text('search_key').notNull(),
  health: text('health').$type<HealthState>().notNull().default('healthy'),
  /** 0 healthy, 1 advisory, 2 incident: the sort order of the health column. */
  healthRank: smallint('health_rank').notNull().default(0),
  openServiceRequests: integer('open_service_requests').notNull().default(0),
  licences: integer('licences').notNull().default(0),
  customerCount: integer('customer_count').notNull().default(0),
  /** The nearest commitment end of an active subscription; 'infinity' when none, so that it sorts last. */
  nextExpiry: timestamp('next_expiry', { withTimezone: true })
    .notNull()
    .default(sql`'infinity'`),
  skus: text('skus')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
