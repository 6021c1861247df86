import type { RoleName } from '../../core/tenancy/roles.ts';

/**
 * The old portal's roles that have a Relais equivalent (DESIGN §3, seed 002). This table is the whole mapping: a
 * legacy role that is not here is reported by the import, never guessed, because granting the wrong role to
 * thousands of operators is worse than asking someone to look at a few lines.
 */
export const legacyRoleTable: readonly { legacy: string; role: RoleName }[] = [
  { legacy: 'Invoice', role: 'reader' },
  { legacy: 'Tenant admin', role: 'admin' },
];

/** How a legacy role name is compared: case, spaces and underscores do not matter (`TenantAdmin`, `tenant_admin`). */
export function legacyRoleKey(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

// A Map, not an object: a legacy role spelled `constructor` must not find Object.prototype's.
const byKey = new Map(legacyRoleTable.map((entry) => [legacyRoleKey(entry.legacy), entry.role]));

/** The Relais role of a legacy role, or null when the legacy role is unknown. */
export function relaisRoleOf(legacyRole: string): RoleName | null {
  return byKey.get(legacyRoleKey(legacyRole)) ?? null;
}
