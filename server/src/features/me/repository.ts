import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { organizations, type Language } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';

export async function findProfile(tx: Tx, userId: string) {
  const [row] = await tx
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      language: users.language,
      orgId: organizations.id,
      orgKind: organizations.kind,
      orgName: organizations.name,
      orgDomain: organizations.primaryDomain,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, userId));
  return row;
}

export async function updateLanguage(tx: Tx, userId: string, language: Language, now: Date) {
  await tx.update(users).set({ language, updatedAt: now }).where(eq(users.id, userId));
}
