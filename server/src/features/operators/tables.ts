import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, type Language } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';

/**
 * The invitation of a pending operator: a signed, single-use link (platform/auth/link-token.ts) that expires after
 * 7 days. One per pending user; resending bumps send_count, which makes the previous link worthless.
 */
export const operatorInvitations = pgTable(
  'operator_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    language: text('language').$type<Language>().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Kept after acceptance so that the link can say it was used. */
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('operator_invitations_organization_idx').on(t.organizationId)],
);
