import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { apiTokens } from '../../platform/auth/tables.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function listActive(tx: Tx, userId: string) {
  return tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function insert(tx: Tx, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [created] = await tx.insert(apiTokens).values(row).returning();
  if (!created) throw new Error('token insert returned nothing');
  return created;
}

/** Revokes one of the user's own live tokens; undefined when there is none with that id. */
export async function revoke(tx: Tx, userId: string, id: string, now: Date) {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}
