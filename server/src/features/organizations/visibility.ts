import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/access/actor.ts';

/**
 * The application-level filter "organisation id visible to this actor". It calls the same database function as the
 * row-level-security policy (visible_organization_ids, migration 0001), so the rule of DESIGN §2 lives in one place.
 */
export function visibleTo(actor: Actor, id: AnyPgColumn | SQL): SQL {
  if (actor.organizationKind === 'vendor') return sql`true`;
  return sql`${id} IN (SELECT visible_organization_ids(${actor.organizationId}::uuid))`;
}
