import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { products } from '../../core/catalogue/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';

export const incidentKinds = ['incident', 'advisory'] as const;
export type IncidentKind = (typeof incidentKinds)[number];
export const incidentStatuses = ['investigating', 'mitigating', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export const incidentSeverities = ['high', 'medium', 'low'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];
export const incidentScopes = ['product', 'customers'] as const;
export type IncidentScope = (typeof incidentScopes)[number];

/**
 * An incident or advisory the vendor records on a service (product). It affects either everyone with an active
 * subscription to the product (`scope = product`) or the customers listed in incident_customers.
 * Open while its status is not `resolved`.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    kind: text('kind').$type<IncidentKind>().notNull(),
    title: text('title').notNull(),
    status: text('status').$type<IncidentStatus>().notNull().default('investigating'),
    severity: text('severity').$type<IncidentSeverity>().notNull(),
    scope: text('scope').$type<IncidentScope>().notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('incidents_kind_check', sql`${t.kind} in ('incident', 'advisory')`),
    check('incidents_status_check', sql`${t.status} in ('investigating', 'mitigating', 'monitoring', 'resolved')`),
    check('incidents_severity_check', sql`${t.severity} in ('high', 'medium', 'low')`),
    check('incidents_scope_check', sql`${t.scope} in ('product', 'customers')`),
    index('incidents_open_idx')
      .on(t.productId)
      .where(sql`${t.status} <> 'resolved'`),
  ],
);

/** The customers an incident of scope `customers` affects. */
export const incidentCustomers = pgTable(
  'incident_customers',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => organizations.id),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.customerId] }),
    index('incident_customers_customer_idx').on(t.customerId),
  ],
);

/** What the vendor posted about an incident over time. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    status: text('status').$type<IncidentStatus>().notNull(),
    message: text('message').notNull(),
    authorUserId: uuid('author_user_id'),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.postedAt)],
);
