import type { TFunction } from 'i18next';

/** The translated name of a role (the code itself for a role this version does not know). */
export function roleName(t: TFunction, role: string): string {
  return t(`roles.${role}`, { defaultValue: role });
}

/** "Admin agent, Reader" in the UI language. */
export function roleList(t: TFunction, roles: readonly string[]): string {
  return roles.map((role) => roleName(t, role)).join(', ');
}

/** What a permission allows, in a sentence (the code itself for a permission this version does not know). */
export function permissionDescription(t: TFunction, permission: string): string {
  return t(`permissions.${permission}`, { defaultValue: permission });
}
