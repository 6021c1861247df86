import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from './actor.ts';

/**
 * The application-level filter "organisation id visible to this actor": one probe of organization_access, the table
 * that migration 0003 maintains from the relationship graph (relais_refresh_access holds the rule of DESIGN §2) and
 * that the row-level-security policies read too. Time-bound paths end by the clock alone (`ends_at`).
 */
export function visibleTo(actor: Actor, id: AnyPgColumn | SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM organization_access va
    WHERE va.viewer_id = ${actor.organizationId}::uuid AND va.organization_id = ${id} AND va.ends_at > relais_now())`;
}
