import type { RoleName } from '../../core/tenancy/roles.ts';

/**
 * The workspaces of the Notification Center: every action and notification belongs to one. A fixed catalogue, like
 * the roles: a stable key (stored with each item, never renamed), its names, and the roles that receive its items
 * when the item names none. Admins receive every workspace (`receivesAll`).
 */
export const workspaces = {
  account: {
    names: { fr: 'Paramètres du compte', en: 'Account settings' },
    roles: ['admin'],
  },
  customers: {
    names: { fr: 'Clients', en: 'Customers' },
    roles: ['admin', 'admin_agent', 'helpdesk_agent', 'reader'],
  },
  operators: {
    names: { fr: 'Opérateurs', en: 'Operators' },
    roles: ['admin'],
  },
  support: {
    names: { fr: 'Support', en: 'Support' },
    roles: ['admin', 'admin_agent', 'helpdesk_agent'],
  },
  subscriptions: {
    names: { fr: 'Abonnements et licences', en: 'Subscriptions and licences' },
    roles: ['admin', 'admin_agent'],
  },
  benefits: {
    names: { fr: 'Avantages', en: 'Benefits' },
    roles: ['admin', 'program_admin'],
  },
  relationships: {
    names: { fr: 'Relations', en: 'Relationships' },
    roles: ['admin', 'admin_agent'],
  },
  security: {
    names: { fr: 'Sécurité', en: 'Security' },
    roles: ['admin'],
  },
} as const satisfies Record<string, { names: { fr: string; en: string }; roles: readonly RoleName[] }>;

export type Workspace = keyof typeof workspaces;
export const workspaceKeys = Object.keys(workspaces) as Workspace[];

/** The role that receives every workspace's items, whatever roles an item names. */
export const receivesAll: RoleName = 'admin';

/** The workspaces whose items reach these roles by default (every one for an Admin). */
export function workspacesOf(roles: readonly RoleName[]): Workspace[] {
  if (roles.includes(receivesAll)) return [...workspaceKeys];
  return workspaceKeys.filter((key) => workspaces[key].roles.some((role) => roles.includes(role)));
}

export const itemTypes = ['action', 'notification'] as const;
export type ItemType = (typeof itemTypes)[number];

/** Mandatory and recommended are kinds of action; transactional and promotional, of notification. */
export const categories = ['mandatory', 'recommended', 'transactional', 'promotional'] as const;
export type Category = (typeof categories)[number];
export const categoriesOf: Record<ItemType, readonly Category[]> = {
  action: ['mandatory', 'recommended'],
  notification: ['transactional', 'promotional'],
};
export function typeOf(category: Category): ItemType {
  return category === 'mandatory' || category === 'recommended' ? 'action' : 'notification';
}
