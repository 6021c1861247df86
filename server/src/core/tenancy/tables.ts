import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const organizationKinds = ['vendor', 'distributor', 'partner', 'customer'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];
export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<OrganizationKind>().notNull(),
    name: text('name').notNull(),
    primaryDomain: text('primary_domain').notNull(),
    verifiedDomains: text('verified_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    addressLine1: text('address_line1').notNull().default(''),
    addressLine2: text('address_line2'),
    city: text('city').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    region: text('region'),
    country: text('country').notNull(),
    language: text('language').$type<Language>().notNull().default('en'),
    directoryTenantId: uuid('directory_tenant_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('organizations_kind_check', sql`${t.kind} in ('vendor', 'distributor', 'partner', 'customer')`),
    check('organizations_language_check', sql`${t.language} in ('fr', 'en')`),
    check('organizations_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    uniqueIndex('organizations_primary_domain_key').on(sql`lower(${t.primaryDomain})`),
    uniqueIndex('organizations_directory_tenant_id_key').on(t.directoryTenantId),
    index('organizations_kind_name_idx').on(t.kind, t.name, t.id),
    // Only one vendor runs a deployment.
    uniqueIndex('organizations_single_vendor_key')
      .on(t.kind)
      .where(sql`${t.kind} = 'vendor'`),
  ],
);

export const resellerStatuses = ['pending', 'active', 'terminated'] as const;
export type ResellerStatus = (typeof resellerStatuses)[number];

/** Distributor ↔ partner: requested by one side, accepted by the other. */
export const resellerRelationships = pgTable(
  'reseller_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    distributorId: uuid('distributor_id')
      .notNull()
      .references(() => organizations.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    status: text('status').$type<ResellerStatus>().notNull().default('pending'),
    requestedBy: text('requested_by').$type<'distributor' | 'partner'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
  },
  (t) => [
    check('reseller_relationships_status_check', sql`${t.status} in ('pending', 'active', 'terminated')`),
    check('reseller_relationships_requested_by_check', sql`${t.requestedBy} in ('distributor', 'partner')`),
    uniqueIndex('reseller_relationships_open_key')
      .on(t.distributorId, t.partnerId)
      .where(sql`${t.status} <> 'terminated'`),
    index('reseller_relationships_partner_idx').on(t.partnerId),
  ],
);

/** Stored states; `expiring` and `expired` are derived from `ends_at` and the clock (see effective_dap_status). */
export const delegatedAdminStatuses = ['pending', 'active', 'declined', 'terminated'] as const;
export type DelegatedAdminStoredStatus = (typeof delegatedAdminStatuses)[number];
export type DelegatedAdminStatus = DelegatedAdminStoredStatus | 'expiring' | 'expired';

/** Partner or distributor ↔ customer, in the spirit of GDAP. */
export const delegatedAdminRelationships = pgTable(
  'delegated_admin_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => organizations.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => organizations.id),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    durationDays: integer('duration_days').notNull(),
    status: text('status').$type<DelegatedAdminStoredStatus>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    /** When the expiry scan emitted relationship.expiring / relationship.expired (each once per end date). */
    expiringNoticeFor: timestamp('expiring_notice_for', { withTimezone: true }),
    expiredNoticeFor: timestamp('expired_notice_for', { withTimezone: true }),
  },
  (t) => [
    check(
      'delegated_admin_relationships_status_check',
      sql`${t.status} in ('pending', 'active', 'declined', 'terminated')`,
    ),
    check('delegated_admin_relationships_duration_check', sql`${t.durationDays} between 1 and 730`),
    check(
      'delegated_admin_relationships_active_dates_check',
      sql`${t.status} <> 'active' or (${t.startsAt} is not null and ${t.endsAt} is not null)`,
    ),
    index('delegated_admin_relationships_provider_idx').on(t.providerId, t.status, t.endsAt),
    index('delegated_admin_relationships_customer_idx').on(t.customerId, t.providerId),
  ],
);

/**
 * Who sees which organisation (DESIGN §2), maintained by triggers from the relationship tables (migration 0003), so
 * that every list joins one index instead of walking the graph. A row is visible while `ends_at > relais_now()`:
 * a delegated-admin relationship ends by time alone, with no job to run. `ends_at` is 'infinity' for lasting paths.
 */
export const organizationAccess = pgTable(
  'organization_access',
  {
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    organizationKind: text('organization_kind').$type<OrganizationKind>().notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    // Copies of the shown organisation's sort keys (its organization_summaries row), kept equal to it by a trigger in
    // the same transaction (migration 0016): a page of a list walks the viewer's own index for its sort. A viewer's
    // own row, in none of its lists, carries none.
    name: text('name').notNull().default(''),
    primaryDomain: text('primary_domain').notNull().default(''),
    healthRank: smallint('health_rank').notNull().default(0),
    openServiceRequests: integer('open_service_requests').notNull().default(0),
    licences: integer('licences').notNull().default(0),
    nextExpiry: timestamp('next_expiry', { withTimezone: true })
      .notNull()
      .default(sql`'infinity'`),
    customerCount: integer('customer_count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.viewerId, t.organizationId] }),
    index('organization_access_count_idx').on(t.viewerId, t.organizationKind, t.endsAt),
    index('organization_access_organization_idx').on(t.organizationId),
    index('organization_access_name_idx')
      .on(t.viewerId, t.organizationKind, t.name, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_domain_idx')
      .on(t.viewerId, t.organizationKind, t.primaryDomain, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_health_idx')
      .on(t.viewerId, t.organizationKind, t.healthRank, t.name, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_requests_idx')
      .on(t.viewerId, t.organizationKind, t.openServiceRequests, t.name, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_licences_idx')
      .on(t.viewerId, t.organizationKind, t.licences, t.name, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_expiry_idx')
      .on(t.viewerId, t.organizationKind, t.nextExpiry, t.name, t.organizationId)
      .where(sql`${t.viewerId} <> ${t.organizationId}`),
    index('organization_access_customers_idx')
      .on(t.viewerId, t.organizationKind, t.customerCount, t.name, t.organizationId)
      .where(sql`${t.organizationKind} <> 'customer' and ${t.viewerId} <> ${t.organizationId}`),
  ],
);

/**
 * How many access rows each viewer has, by kind and health rank, as a ledger of signed changes that the statements
 * changing organization_access append (migration 0016) and the worker compacts: a list's total without counting the
 * viewer's rows, and without a counter row that concurrent transactions would queue on. A viewer's own row is left
 * out (no list shows the viewer itself).
 */
export const organizationAccessCounts = pgTable(
  'organization_access_counts',
  {
    viewerId: uuid('viewer_id').notNull(),
    organizationKind: text('organization_kind').$type<OrganizationKind>().notNull(),
    healthRank: smallint('health_rank').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('organization_access_counts_viewer_idx').on(t.viewerId, t.organizationKind, t.healthRank)],
);
