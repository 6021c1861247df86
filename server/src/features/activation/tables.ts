import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, type Language } from '../../core/tenancy/tables.ts';

export const activationLinkKinds = ['customer', 'partner'] as const;
export type ActivationLinkKind = (typeof activationLinkKinds)[number];
/** Stored states; `expired` is derived from expires_at and the clock. */
export const activationLinkStatuses = ['pending', 'used', 'revoked'] as const;
export type ActivationLinkStoredStatus = (typeof activationLinkStatuses)[number];

export interface ActivationSku {
  skuId: string;
  quantity: number;
}

/** A signed, single-use invitation to onboard a new customer or partner tenant. */
export const activationLinks = pgTable(
  'activation_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<ActivationLinkKind>().notNull(),
    senderOrganizationId: uuid('sender_organization_id')
      .notNull()
      .references(() => organizations.id),
    senderUserId: uuid('sender_user_id'),
    organizationName: text('organization_name').notNull(),
    recipientEmail: text('recipient_email').notNull(),
    language: text('language').$type<Language>().notNull(),
    skus: jsonb('skus')
      .$type<ActivationSku[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    tokenHash: text('token_hash').notNull().unique(),
    status: text('status').$type<ActivationLinkStoredStatus>().notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedOrganizationId: uuid('used_organization_id').references(() => organizations.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('activation_links_kind_check', sql`${t.kind} in ('customer', 'partner')`),
    check('activation_links_status_check', sql`${t.status} in ('pending', 'used', 'revoked')`),
    index('activation_links_sender_idx').on(t.senderOrganizationId, t.createdAt),
  ],
);
