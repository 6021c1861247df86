import type { SystemTx } from '../../platform/db/scope.ts';
import { eq, sql } from 'drizzle-orm';

import type { RoleName } from '../../core/tenancy/roles.ts';
import {
  organizations,
  resellerRelationships,
  type Language,
  type OrganizationKind,
} from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';

// Onboarding creates a tenant before anyone of it can act: these statements run in the system transaction of
// POST /activation/{token}, authorised by the link alone.

/** Whether a domain is already some organisation's primary or verified domain. */
export async function domainTaken(tx: SystemTx, domain: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      sql`lower(${organizations.primaryDomain}) = ${domain}
          OR ${domain} = ANY (SELECT lower(d) FROM unnest(${organizations.verifiedDomains}) AS d)`,
    )
    .limit(1);
  return row !== undefined;
}

/** Whether an account already signs in with this e-mail address. */
export async function emailTaken(tx: SystemTx, email: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return row !== undefined;
}

export async function insertOrganization(
  tx: SystemTx,
  row: {
    kind: OrganizationKind;
    name: string;
    domain: string;
    address: { line1: string; city: string; postalCode: string; country: string };
    language: Language;
    now: Date;
  },
) {
  const [created] = await tx
    .insert(organizations)
    .values({
      kind: row.kind,
      name: row.name,
      primaryDomain: row.domain,
      verifiedDomains: [row.domain],
      addressLine1: row.address.line1,
      city: row.address.city,
      postalCode: row.address.postalCode,
      country: row.address.country,
      language: row.language,
      createdAt: row.now,
      updatedAt: row.now,
    })
    .returning({ id: organizations.id, kind: organizations.kind, name: organizations.name });
  if (!created) throw new Error('organization insert returned nothing');
  return created;
}

export async function insertUser(
  tx: SystemTx,
  row: {
    organizationId: string;
    email: string;
    displayName: string;
    passwordHash: string;
    roles: RoleName[];
    language: Language;
    now: Date;
  },
): Promise<string> {
  const [created] = await tx
    .insert(users)
    .values({
      organizationId: row.organizationId,
      email: row.email,
      displayName: row.displayName,
      passwordHash: row.passwordHash,
      roles: row.roles,
      language: row.language,
      status: 'active',
      createdAt: row.now,
      updatedAt: row.now,
    })
    .returning({ id: users.id });
  if (!created) throw new Error('user insert returned nothing');
  return created.id;
}

/** The reseller relationship a partner onboarded by a distributor starts with: accepted by accepting the link. */
export async function insertActiveReseller(tx: SystemTx, distributorId: string, partnerId: string, now: Date) {
  await tx.insert(resellerRelationships).values({
    distributorId,
    partnerId,
    status: 'active',
    requestedBy: 'distributor',
    createdAt: now,
    acceptedAt: now,
  });
}
