import type { Language, OrganizationKind } from './tables.ts';
import { permissionsOf, type Permission, type RoleName } from './roles.ts';

/** Who is acting: a signed-in user of one organisation, through a session or an API token. */
export interface Actor {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: RoleName[];
  permissions: ReadonlySet<Permission>;
  language: Language | null;
  via: { kind: 'session' | 'token'; id: string };
}

export function makeActor(row: Omit<Actor, 'permissions'>): Actor {
  return { ...row, permissions: permissionsOf(row.roles) };
}
