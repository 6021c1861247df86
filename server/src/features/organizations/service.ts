import { notFound } from '../../platform/errors/app-error.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import * as repo from './repository.ts';
import type { OrganizationKind } from '../../core/tenancy/tables.ts';

/** One page of the organisations the actor may see. */
export async function listOrganizations(
  { actor, tx }: ServiceContext,
  input: { kind?: OrganizationKind | undefined; search?: string | undefined; size: number; after: unknown[] | null },
) {
  const after = input.after ? { name: String(input.after[0]), id: String(input.after[1]) } : null;
  return repo.listVisible(tx, actor, { kind: input.kind, search: input.search?.trim(), after, limit: input.size });
}

/** One organisation with its parent and its relationship to the actor; not_found when the actor may not see it. */
export async function getOrganization({ actor, tx }: ServiceContext, input: { id: string }) {
  const row = await repo.findVisible(tx, actor, input.id);
  if (!row) throw notFound();
  const parent = row.kind === 'partner' ? ((await repo.findVisibleDistributorOf(tx, actor, row.id)) ?? null) : null;
  const relationship = row.id === actor.organizationId ? null : await repo.findRelationship(tx, actor, row.id);
  return { row, parent, relationship };
}

/** The customer the actor sees, for features that act on one customer; not_found otherwise. */
export async function requireVisibleCustomer({ actor, tx }: ServiceContext, input: { id: string }) {
  const row = await repo.findVisible(tx, actor, input.id);
  if (!row || row.kind !== 'customer') throw notFound();
  return row;
}

/** The relationship between the actor's organisation and another (reseller or delegated admin), if any. */
export function relationshipWith({ actor, tx }: ServiceContext, input: { otherId: string }) {
  return repo.findRelationship(tx, actor, input.otherId);
}
