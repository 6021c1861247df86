import type { SystemTx } from '../../platform/db/scope.ts';
import { sql } from 'drizzle-orm';
import type { Language } from '../../core/tenancy/tables.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { users } from '../../core/tenancy/users.ts';
import { operatorInvitations } from './tables.ts';

// The legacy import reads and writes operators of every organisation named in the file, with no actor: every query
// here crosses organisations and runs in unsafeSystemTransaction, hence the unsafe… names.

/** A PostgreSQL text[] literal passed as one parameter (drizzle would spread a JS array into a row of parameters). */
function textArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export interface ImportOrganization {
  id: string;
  name: string;
  primaryDomain: string;
  verifiedDomains: string[];
  language: Language;
}

/** The organisations whose primary domain is one of these (lower-cased) domains. */
export async function organizationsByDomain(tx: SystemTx, domains: readonly string[]): Promise<ImportOrganization[]> {
  if (domains.length === 0) return [];
  const result = await tx.execute(sql`
    SELECT id::text AS "id", name AS "name", primary_domain AS "primaryDomain",
           verified_domains AS "verifiedDomains", language AS "language"
      FROM organizations
     WHERE lower(primary_domain) = ANY(${textArray(domains)}::text[])`);
  return rowsOf<ImportOrganization>(result);
}

export interface ExistingOperator {
  id: string;
  organizationId: string;
  email: string;
  roles: RoleName[];
  status: 'active' | 'pending' | 'disabled';
}

/**
 * The users whose address is one of these (lower-cased) addresses, locked until the batch commits so that an Admin
 * changing roles at the same moment cannot be overwritten by a decision taken on the rows read before.
 */
export async function lockUsersByEmail(tx: SystemTx, emails: readonly string[]): Promise<ExistingOperator[]> {
  if (emails.length === 0) return [];
  const result = await tx.execute(sql`
    SELECT id::text AS "id", organization_id::text AS "organizationId", email AS "email", roles AS "roles",
           status AS "status"
      FROM users
     WHERE lower(email) = ANY(${textArray(emails)}::text[])
       FOR UPDATE`);
  return rowsOf<ExistingOperator>(result);
}

export interface NewPendingOperator {
  userId: string;
  invitationId: string;
  organizationId: string;
  email: string;
  displayName: string;
  roles: RoleName[];
  language: Language;
  tokenHash: string;
  expiresAt: Date;
}

/** Inserts pending operators and their (never sent) invitations: two multi-row statements for the whole batch. */
export async function insertPendingOperators(
  tx: SystemTx,
  operators: readonly NewPendingOperator[],
  now: Date,
): Promise<void> {
  if (operators.length === 0) return;
  await tx.insert(users).values(
    operators.map((o) => ({
      id: o.userId,
      organizationId: o.organizationId,
      email: o.email,
      displayName: o.displayName,
      passwordHash: null,
      roles: o.roles,
      language: o.language,
      status: 'pending' as const,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await tx.insert(operatorInvitations).values(
    operators.map((o) => ({
      id: o.invitationId,
      userId: o.userId,
      organizationId: o.organizationId,
      invitedByUserId: null,
      language: o.language,
      tokenHash: o.tokenHash,
      // 0: no mail has gone out; an Admin sends it from the Pending operators tab (or the operator uses SSO).
      sendCount: 0,
      lastSentAt: now,
      expiresAt: o.expiresAt,
      createdAt: now,
    })),
  );
}

/** Sets the roles of these users in one statement (the caller only ever adds roles to the ones it read). */
export async function setImportedRoles(
  tx: SystemTx,
  updates: readonly { userId: string; roles: RoleName[] }[],
  now: Date,
): Promise<void> {
  if (updates.length === 0) return;
  const payload = JSON.stringify(updates.map((u) => ({ id: u.userId, roles: u.roles })));
  await tx.execute(sql`
    UPDATE users u SET roles = v.roles, updated_at = ${now.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${payload}::jsonb) AS v(id uuid, roles text[])
     WHERE u.id = v.id`);
}
