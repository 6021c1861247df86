import type { SystemTx } from '../../platform/db/scope.ts';
import { and, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import type { ProviderMetadata } from './oidc.ts';
import { identityProviders, ssoRequests } from './tables.ts';

export type IdentityProviderRow = typeof identityProviders.$inferSelect;
export type SsoRequestRow = typeof ssoRequests.$inferSelect;

/** An organisation's single sign-on, with what the organisation row adds to it (the Entra directory tenant). */
export interface OrganizationSso {
  provider: IdentityProviderRow;
  organization: { id: string; name: string; directoryTenantId: string | null };
}

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  directoryTenantId: organizations.directoryTenantId,
};

/** The organisation's single sign-on; works in the actor's transaction (own organisation) and in system ones. */
export async function findOrganizationSso(tx: Tx, organizationId: string): Promise<OrganizationSso | undefined> {
  const [row] = await tx
    .select({ provider: identityProviders, organization: organizationColumns })
    .from(identityProviders)
    .innerJoin(organizations, eq(organizations.id, identityProviders.organizationId))
    .where(eq(identityProviders.organizationId, organizationId));
  return row;
}

export async function findOrganization(tx: Tx, organizationId: string) {
  const [row] = await tx.select(organizationColumns).from(organizations).where(eq(organizations.id, organizationId));
  return row;
}

export async function upsertProvider(
  tx: Tx,
  row: Omit<typeof identityProviders.$inferInsert, 'createdAt'> & { updatedAt: Date },
): Promise<IdentityProviderRow> {
  const { kind, issuer, clientId, clientSecret, required, updatedAt } = row;
  const { discovery, discoveryIssuer, discoveredAt, discoveryDueAt } = row;
  const [saved] = await tx
    .insert(identityProviders)
    .values({ ...row, discoveryError: null, createdAt: updatedAt })
    .onConflictDoUpdate({
      target: identityProviders.organizationId,
      set: {
        kind,
        issuer,
        clientId,
        clientSecret,
        required,
        updatedAt,
        discovery,
        discoveryIssuer,
        discoveredAt,
        discoveryDueAt,
        discoveryError: null,
      },
    })
    .returning();
  if (!saved) throw new Error('identity provider upsert returned nothing');
  return saved;
}

export async function deleteProvider(tx: Tx, organizationId: string): Promise<IdentityProviderRow | undefined> {
  const [row] = await tx
    .delete(identityProviders)
    .where(eq(identityProviders.organizationId, organizationId))
    .returning();
  return row;
}

export async function setDirectoryTenant(tx: Tx, organizationId: string, tenantId: string, now: Date): Promise<void> {
  await tx
    .update(organizations)
    .set({ directoryTenantId: tenantId, updatedAt: now })
    .where(eq(organizations.id, organizationId));
}

/** Forgets the identities bound to the organisation's operators (its provider changed); answers how many. */
export async function clearBindings(tx: Tx, organizationId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(users)
    .set({ ssoIssuer: null, ssoSubject: null, updatedAt: now })
    .where(and(eq(users.organizationId, organizationId), isNotNull(users.ssoIssuer)))
    .returning({ id: users.id });
  return rows.length;
}

export async function requiresSso(tx: Tx, organizationId: string): Promise<boolean> {
  const [row] = await tx
    .select({ required: identityProviders.required })
    .from(identityProviders)
    .where(eq(identityProviders.organizationId, organizationId));
  return row?.required ?? false;
}

/**
 * The organisations with single sign-on whose primary or verified domains cover an e-mail domain (the domain itself
 * or a parent of it), most specific first. Before sign-in, so across organisations.
 */
export async function findSsoOrganizationsForDomain(tx: SystemTx, domain: string) {
  const matched = sql<string>`(
    SELECT d FROM unnest(array_append(${organizations.verifiedDomains}, ${organizations.primaryDomain})) AS d
    WHERE ${domain} = lower(d) OR right(${domain}, length(d) + 1) = '.' || lower(d)
    ORDER BY length(d) DESC LIMIT 1)`;
  return tx
    .select({ organizationId: organizations.id, matched })
    .from(organizations)
    .innerJoin(identityProviders, eq(identityProviders.organizationId, organizations.id))
    .where(sql`${matched} IS NOT NULL`);
}

export async function insertSsoRequest(tx: SystemTx, row: typeof ssoRequests.$inferInsert): Promise<void> {
  await tx.insert(ssoRequests).values(row);
}

/** Abandoned authorization requests: nobody can use them any more. */
export async function deleteExpiredSsoRequests(tx: SystemTx, now: Date): Promise<void> {
  await tx.delete(ssoRequests).where(lte(ssoRequests.expiresAt, now));
}

/**
 * Takes an authorization request out of the table and answers it, in one statement: of two callbacks with the same
 * state, exactly one gets the row, so a state (and its PKCE verifier and nonce) serves once.
 */
export async function consumeSsoRequest(tx: SystemTx, stateHash: string): Promise<SsoRequestRow | undefined> {
  const [row] = await tx.delete(ssoRequests).where(eq(ssoRequests.stateHash, stateHash)).returning();
  return row;
}

/** The operator of THIS organisation with this address. */
export async function findMember(tx: SystemTx, organizationId: string, email: string) {
  const [row] = await tx
    .select({
      userId: users.id,
      organizationId: users.organizationId,
      organizationKind: organizations.kind,
      roles: users.roles,
      language: users.language,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      ssoIssuer: users.ssoIssuer,
      ssoSubject: users.ssoSubject,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.organizationId, organizationId), eq(sql`lower(${users.email})`, email)));
  return row;
}

export async function bindIdentity(tx: SystemTx, userId: string, issuer: string, subject: string, now: Date) {
  await tx.update(users).set({ ssoIssuer: issuer, ssoSubject: subject, updatedAt: now }).where(eq(users.id, userId));
}

/**
 * Leases the providers whose discovery document is due for a refresh, or was fetched for another issuer than the one
 * they now have (ENTRA_AUTHORITY changed): claimed with SKIP LOCKED and pushed `leaseSeconds` ahead, so that two
 * workers never fetch the same one and a crash only delays it. Answers each with its organisation.
 */
export async function leaseDueDiscoveries(
  tx: SystemTx,
  options: { now: Date; limit: number; leaseSeconds: number; entraAuthority: string },
): Promise<OrganizationSso[]> {
  const currentIssuer = sql`CASE WHEN ${identityProviders.kind} = 'entra'
    THEN ${options.entraAuthority} || '/' || lower(${organizations.directoryTenantId}::text) || '/v2.0'
    ELSE ${identityProviders.issuer} END`;
  const due = tx
    .select({ id: identityProviders.organizationId })
    .from(identityProviders)
    .innerJoin(organizations, eq(organizations.id, identityProviders.organizationId))
    .where(
      or(
        lte(identityProviders.discoveryDueAt, options.now),
        and(
          isNotNull(identityProviders.discoveryIssuer),
          sql`${identityProviders.discoveryIssuer} IS DISTINCT FROM ${currentIssuer}`,
        ),
      ),
    )
    .orderBy(identityProviders.discoveryDueAt)
    .limit(options.limit)
    .for('update', { of: identityProviders, skipLocked: true });
  const leased = await tx
    .update(identityProviders)
    .set({ discoveryDueAt: new Date(options.now.getTime() + options.leaseSeconds * 1000) })
    .where(inArray(identityProviders.organizationId, due))
    .returning({ id: identityProviders.organizationId });
  const found = await Promise.all(leased.map((row) => findOrganizationSso(tx, row.id)));
  return found.filter((sso): sso is OrganizationSso => sso !== undefined);
}

/**
 * Keeps a refreshed discovery document, unless the settings changed since the lease (the Admin's save brought its
 * own document).
 */
export async function storeDiscovery(
  tx: SystemTx,
  leased: IdentityProviderRow,
  result: { issuer: string; metadata: ProviderMetadata; at: Date; dueAt: Date },
): Promise<void> {
  await tx
    .update(identityProviders)
    .set({
      discovery: result.metadata,
      discoveryIssuer: result.issuer,
      discoveredAt: result.at,
      discoveryDueAt: result.dueAt,
      discoveryError: null,
    })
    .where(
      and(
        eq(identityProviders.organizationId, leased.organizationId),
        // The column keeps microseconds, a Date only milliseconds.
        sql`date_trunc('milliseconds', ${identityProviders.updatedAt}) = ${leased.updatedAt.toISOString()}::timestamptz`,
      ),
    );
}

/**
 * Records a failed refresh and when to try again. The document kept still serves sign-ins if it is the current
 * issuer's (a provider briefly down must not stop them); one fetched for another issuer is dropped.
 */
export async function recordDiscoveryFailure(
  tx: SystemTx,
  leased: IdentityProviderRow,
  failure: { issuer: string | null; error: string; dueAt: Date | null },
): Promise<void> {
  const stale = leased.discoveryIssuer !== null && leased.discoveryIssuer !== failure.issuer;
  await tx
    .update(identityProviders)
    .set({
      discoveryError: failure.error.slice(0, 1000),
      discoveryDueAt: failure.dueAt,
      ...(stale ? { discovery: null, discoveryIssuer: null, discoveredAt: null } : {}),
    })
    .where(
      and(
        eq(identityProviders.organizationId, leased.organizationId),
        // The column keeps microseconds, a Date only milliseconds.
        sql`date_trunc('milliseconds', ${identityProviders.updatedAt}) = ${leased.updatedAt.toISOString()}::timestamptz`,
      ),
    );
}
