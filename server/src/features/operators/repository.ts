import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import { operatorInvitations } from './tables.ts';

export type OperatorStatus = 'active' | 'pending';
export type OperatorSort = 'name' | 'email' | 'lastSignIn';
export type InvitationRow = typeof operatorInvitations.$inferSelect;

const operatorColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  roles: users.roles,
  status: users.status,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  invitation: {
    id: operatorInvitations.id,
    expiresAt: operatorInvitations.expiresAt,
    lastSentAt: operatorInvitations.lastSentAt,
    sendCount: operatorInvitations.sendCount,
  },
};

export interface OperatorRow {
  id: string;
  email: string;
  displayName: string;
  roles: RoleName[];
  status: 'active' | 'pending' | 'disabled';
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  invitation: { id: string; expiresAt: Date; lastSentAt: Date; sendCount: number } | null;
}

/** The columns each sort walks; every sort ends with id so that the order is total. */
const sortColumns: Record<OperatorSort, AnyPgColumn[]> = {
  name: [users.displayName, users.email, users.id],
  email: [users.email, users.id],
  lastSignIn: [users.lastSignInAt, users.email, users.id],
};

export function sortKeyOf(row: OperatorRow, sort: OperatorSort): unknown[] {
  if (sort === 'name') return [row.displayName, row.email, row.id];
  if (sort === 'email') return [row.email, row.id];
  // Never signed in sorts as the earliest possible time, so that the cursor stays a plain comparison.
  return [(row.lastSignInAt ?? new Date(0)).toISOString(), row.email, row.id];
}

export function sortKeyLength(sort: OperatorSort): number {
  return sortColumns[sort].length;
}

function sortExpressions(sort: OperatorSort): SQL[] {
  return sortColumns[sort].map((c) =>
    c === users.lastSignInAt ? sql`coalesce(${users.lastSignInAt}, 'epoch'::timestamptz)` : sql`${c}`,
  );
}

export interface OperatorFilter {
  status: OperatorStatus;
  search?: string | undefined;
  sort: OperatorSort;
  order: 'asc' | 'desc';
}

function conditions(actor: Actor, filter: OperatorFilter): SQL[] {
  const where: SQL[] = [eq(users.organizationId, actor.organizationId), eq(users.status, filter.status)];
  if (filter.search) {
    // An organisation has hundreds of operators, not millions: a scan of its own rows is fine (users_organization_idx).
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(lower(${users.displayName}) LIKE ${pattern} OR lower(${users.email}) LIKE ${pattern})`);
  }
  return where;
}

function decodeAfter(sort: OperatorSort, after: unknown[]): SQL[] {
  return sortColumns[sort].map((c, i) => {
    const value = after[i];
    if (c === users.id) return sql`${String(value)}::uuid`;
    if (c === users.lastSignInAt) return sql`${String(value)}::timestamptz`;
    return sql`${String(value)}`;
  });
}

export async function listOperators(
  tx: Tx,
  actor: Actor,
  filter: OperatorFilter,
  page: { after: unknown[] | null; limit: number },
): Promise<{ rows: OperatorRow[]; totalCount: number }> {
  const where = conditions(actor, filter);
  const [counted] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(...where));
  if (page.after) {
    const left = sql.join(sortExpressions(filter.sort), sql`, `);
    const right = sql.join(decodeAfter(filter.sort, page.after), sql`, `);
    where.push(filter.order === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`);
  }
  const rows = await tx
    .select(operatorColumns)
    .from(users)
    .leftJoin(operatorInvitations, eq(operatorInvitations.userId, users.id))
    .where(and(...where))
    .orderBy(...sortExpressions(filter.sort).map((e) => (filter.order === 'asc' ? asc(e) : desc(e))))
    .limit(page.limit);
  return { rows: rows, totalCount: counted?.n ?? 0 };
}

/** One operator of the actor's organisation (removed ones included when asked), optionally locked for update. */
export async function findOperator(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { includeRemoved?: boolean; forUpdate?: boolean } = {},
): Promise<OperatorRow | undefined> {
  const where = [eq(users.organizationId, actor.organizationId), eq(users.id, id)];
  if (!options.includeRemoved) where.push(ne(users.status, 'disabled'));
  const query = tx
    .select(operatorColumns)
    .from(users)
    .leftJoin(operatorInvitations, eq(operatorInvitations.userId, users.id))
    .where(and(...where));
  const [row] = options.forUpdate ? await query.for('update', { of: users }) : await query;
  return row;
}

/**
 * Locks the organisation's active Admins and returns their ids. Every change that could remove the last Admin takes
 * this lock first, so that two Admins demoting each other at the same moment cannot both succeed.
 */
export async function lockActiveAdmins(tx: Tx, actor: Actor): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, actor.organizationId),
        eq(users.status, 'active'),
        sql`'admin' = ANY(${users.roles})`,
      ),
    )
    .for('update');
  return rows.map((r) => r.id);
}

/**
 * Whoever holds the address, in any organisation: e-mails are unique across the portal (sign-in is by e-mail).
 * Read through a SECURITY DEFINER function (migration 0006): row-level security hides other organisations' users,
 * and the answer is only the organisation id, compared with the actor's own, never shown.
 */
export async function findEmailHolder(
  tx: Tx,
  email: string,
): Promise<{ id: string; organizationId: string; status: string } | undefined> {
  const result = await tx.execute(sql`SELECT * FROM relais_email_holder(${email})`);
  const [row] = rowsOf<{ id: string; organization_id: string; status: string }>(result);
  return row ? { id: row.id, organizationId: row.organization_id, status: row.status } : undefined;
}

export async function findOwnOrganization(tx: Tx, actor: Actor) {
  const [row] = await tx
    .select({
      id: organizations.id,
      name: organizations.name,
      primaryDomain: organizations.primaryDomain,
      verifiedDomains: organizations.verifiedDomains,
      language: organizations.language,
    })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return row;
}

export async function insertPendingUser(
  tx: Tx,
  row: { id: string; organizationId: string; email: string; displayName: string; roles: RoleName[]; now: Date },
) {
  await tx.insert(users).values({
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    status: 'pending',
    createdAt: row.now,
    updatedAt: row.now,
  });
}

/** A removed operator invited again: pending, new roles, no password, no single sign-on binding. */
export async function reopenUser(tx: Tx, id: string, roles: RoleName[], displayName: string, now: Date) {
  await tx
    .update(users)
    .set({
      status: 'pending',
      roles,
      displayName,
      passwordHash: null,
      ssoIssuer: null,
      ssoSubject: null,
      updatedAt: now,
    })
    .where(eq(users.id, id));
}

export async function upsertInvitation(tx: Tx, row: typeof operatorInvitations.$inferInsert) {
  await tx
    .insert(operatorInvitations)
    .values(row)
    .onConflictDoUpdate({
      target: operatorInvitations.userId,
      set: {
        id: row.id,
        invitedByUserId: row.invitedByUserId,
        language: row.language,
        tokenHash: row.tokenHash,
        sendCount: row.sendCount,
        lastSentAt: row.lastSentAt,
        expiresAt: row.expiresAt,
        acceptedAt: null,
      },
    });
}

export async function updateInvitationSend(
  tx: Tx,
  id: string,
  values: { tokenHash: string; sendCount: number; lastSentAt: Date; expiresAt: Date; invitedByUserId: string },
) {
  await tx.update(operatorInvitations).set(values).where(eq(operatorInvitations.id, id));
}

export async function setRoles(tx: Tx, id: string, roles: RoleName[], now: Date) {
  await tx.update(users).set({ roles, updatedAt: now }).where(eq(users.id, id));
}

/**
 * Removes an active operator's access: sign-in, sessions and tokens all require an active user (auth/repository),
 * and relais_end_access (migration 0006) deletes the sessions and revokes the tokens for good.
 */
export async function disableUser(tx: Tx, id: string, now: Date) {
  await tx.update(users).set({ status: 'disabled', updatedAt: now }).where(eq(users.id, id));
  await tx.execute(sql`SELECT relais_end_access(${id}::uuid)`);
}

/** Withdraws a pending operator: the user and (cascade) the invitation go; nothing else refers to them yet. */
export async function deletePendingUser(tx: Tx, id: string) {
  await tx.delete(users).where(and(eq(users.id, id), eq(users.status, 'pending')));
}
