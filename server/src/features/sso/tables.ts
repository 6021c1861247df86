import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ProviderMetadata } from './oidc.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { operatorInvitations } from '../operators/tables.ts';

export const identityProviderKinds = ['entra', 'oidc'] as const;
export type IdentityProviderKind = (typeof identityProviderKinds)[number];

/**
 * An organisation's single sign-on. `entra`: Microsoft Entra ID through the deployment's own app registration
 * (ENTRA_CLIENT_ID / ENTRA_CLIENT_SECRET), the organisation's directory tenant id pinning issuer and `tid`. `oidc`: any
 * other OpenID Connect provider by issuer URL, with the client the organisation registered there.
 */
export const identityProviders = pgTable(
  'identity_providers',
  {
    organizationId: uuid('organization_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<IdentityProviderKind>().notNull(),
    /** oidc only; for entra the issuer is derived from the directory tenant id. */
    issuer: text('issuer'),
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    /** When true, the organisation's operators may not sign in with a password. */
    required: boolean('required').notNull().default(false),
    /**
     * The provider's discovery document, validated when the Admin saved the settings or the background task last
     * refreshed it: a sign-in builds its request from it and sends nothing to the provider (migration 0008).
     */
    discovery: jsonb('discovery').$type<ProviderMetadata>(),
    /** The issuer the document was fetched for; a sign-in uses it only while it is still the provider's issuer. */
    discoveryIssuer: text('discovery_issuer'),
    discoveredAt: timestamp('discovered_at', { withTimezone: true }),
    /** When the background task fetches the document again; null: never (rows not saved through the settings). */
    discoveryDueAt: timestamp('discovery_due_at', { withTimezone: true }),
    /** Why the last refresh failed (the document kept is the previous one); null after a success. */
    discoveryError: text('discovery_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('identity_providers_discovery_due_idx')
      .on(t.discoveryDueAt)
      .where(sql`${t.discoveryDueAt} IS NOT NULL`),
    check('identity_providers_kind_check', sql`${t.kind} in ('entra', 'oidc')`),
    check(
      'identity_providers_oidc_check',
      sql`${t.kind} = 'entra' or (${t.issuer} is not null and ${t.clientId} is not null)`,
    ),
  ],
);

/**
 * One authorization request in flight: the state (its SHA-256), the PKCE verifier and the nonce. Consumed by the
 * callback with DELETE … RETURNING, so a replayed state finds nothing; expires after 10 minutes.
 */
export const ssoRequests = pgTable('sso_requests', {
  stateHash: text('state_hash').primaryKey(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  /** Set when the sign-in accepts an operator invitation. */
  invitationId: uuid('invitation_id').references(() => operatorInvitations.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
