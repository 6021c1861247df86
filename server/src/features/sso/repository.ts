import { and, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { operatorInvitations } from '../operators/tables.ts';
import { organizations } from '../organizations/tables.ts';
import { users } from '../users/tables.ts';
import { identityProviders, ssoRequests } from './tables.ts';

export type IdentityProviderRow = typeof identityProviders.$inferSelect;
export type SsoRequestRow = typeof ssoRequests.$inferSelect;

/** An organisation's single sign-on, with what the organisation row adds to it (the Entra directory tenant). */
export interface OrganizationSso {
  provider: IdentityProviderRow;
  organization: { id: string; name: string; directoryTenantId: string | null };
}

/** A unique index refused the write (both drivers; drizzle may wrap the driver's error). */
export function isUniqueViolation(err: unknown): boolean {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? e.code : undefined);
  return codeOf(err) === '23505' || (err instanceof Error && codeOf(err.cause) === '23505');
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
  const [saved] = await tx
    .insert(identityProviders)
    .values({ ...row, createdAt: updatedAt })
    .onConflictDoUpdate({
      target: identityProviders.organizationId,
      set: { kind, issuer, clientId, clientSecret, required, updatedAt },
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
export async function unsafeFindSsoOrganizationsForDomain(tx: Tx, domain: string) {
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

export async function unsafeInsertRequest(tx: Tx, row: typeof ssoRequests.$inferInsert): Promise<void> {
  await tx.insert(ssoRequests).values(row);
}

/** Abandoned authorization requests: nobody can use them any more. */
export async function unsafeDeleteExpiredRequests(tx: Tx, now: Date): Promise<void> {
  await tx.delete(ssoRequests).where(lte(ssoRequests.expiresAt, now));
}

/**
 * Takes an authorization request out of the table and answers it, in one statement: of two callbacks with the same
 * state, exactly one gets the row, so a state (and its PKCE verifier and nonce) serves once.
 */
export async function unsafeConsumeRequest(tx: Tx, stateHash: string): Promise<SsoRequestRow | undefined> {
  const [row] = await tx.delete(ssoRequests).where(eq(ssoRequests.stateHash, stateHash)).returning();
  return row;
}

/** The operator of THIS organisation with this address, with their open invitation if any. */
export async function unsafeFindMember(tx: Tx, organizationId: string, email: string, now: Date) {
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
      openInvitationId: operatorInvitations.id,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(
      operatorInvitations,
      and(
        eq(operatorInvitations.userId, users.id),
        isNull(operatorInvitations.acceptedAt),
        gt(operatorInvitations.expiresAt, now),
      ),
    )
    .where(and(eq(users.organizationId, organizationId), eq(sql`lower(${users.email})`, email)));
  return row;
}

export async function unsafeBindIdentity(tx: Tx, userId: string, issuer: string, subject: string, now: Date) {
  await tx.update(users).set({ ssoIssuer: issuer, ssoSubject: subject, updatedAt: now }).where(eq(users.id, userId));
}
