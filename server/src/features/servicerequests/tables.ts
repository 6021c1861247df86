import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { products } from '../../core/catalogue/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';

export const serviceRequestSeverities = ['critical', 'moderate', 'minimal'] as const;
export type ServiceRequestSeverity = (typeof serviceRequestSeverities)[number];
export const serviceRequestStatuses = ['open', 'attention_needed', 'closed'] as const;
export type ServiceRequestStatus = (typeof serviceRequestStatuses)[number];

/** A support case of one customer, opened by the customer or by a partner operator on its behalf. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A short number people can quote on the phone. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => organizations.id),
    productId: uuid('product_id').references(() => products.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    severity: text('severity').$type<ServiceRequestSeverity>().notNull(),
    status: text('status').$type<ServiceRequestStatus>().notNull().default('open'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    createdByUserId: uuid('created_by_user_id'),
    createdByOrganizationId: uuid('created_by_organization_id')
      .notNull()
      .references(() => organizations.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    check('service_requests_severity_check', sql`${t.severity} in ('critical', 'moderate', 'minimal')`),
    check('service_requests_status_check', sql`${t.status} in ('open', 'attention_needed', 'closed')`),
    index('service_requests_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/** The thread of a service request. */
export const serviceRequestNotes = pgTable(
  'service_request_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceRequestId: uuid('service_request_id')
      .notNull()
      .references(() => serviceRequests.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    authorUserId: uuid('author_user_id'),
    authorName: text('author_name').notNull(),
    authorOrganizationId: uuid('author_organization_id')
      .notNull()
      .references(() => organizations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_request_notes_request_idx').on(t.serviceRequestId, t.createdAt)],
);
