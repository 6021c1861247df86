import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, type Language } from './tables.ts';
import type { RoleName } from './roles.ts';

/** A person who signs in to the portal: an operator of one organisation. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles')
      .array()
      .$type<RoleName[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text('language').$type<Language>(),
    status: text('status').$type<'active' | 'pending' | 'disabled'>().notNull().default('active'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** The identity bound at the first single sign-on (issuer + subject): later sign-ins must present the same. */
    ssoIssuer: text('sso_issuer'),
    ssoSubject: text('sso_subject'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_status_check', sql`${t.status} in ('active', 'pending', 'disabled')`),
    check('users_language_check', sql`${t.language} is null or ${t.language} in ('fr', 'en')`),
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_organization_idx').on(t.organizationId),
    uniqueIndex('users_sso_identity_key').on(t.ssoIssuer, t.ssoSubject),
  ],
);
