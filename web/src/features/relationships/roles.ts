import type { TFunction } from 'i18next';

/** Translated name of a role the server sends by its code, the code itself for a role we do not know. */
export function roleName(t: TFunction, role: string): string {
  return t(`relationships.roles.${role}`, { defaultValue: role });
}

/** "Admin agent, Reader" in the UI language. */
export function roleList(t: TFunction, roles: readonly string[]): string {
  return roles.map((role) => roleName(t, role)).join(', ');
}
