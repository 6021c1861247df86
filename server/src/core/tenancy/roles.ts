import type { OrganizationKind } from './tables.ts';

/** Every permission a route may declare. */
export const permissions = [
  'organizations.read',
  'organizations.write',
  'operators.manage',
  'servicerequests.write',
  'rewards.manage',
  'notifications.read',
  'notifications.complete',
  'notifications.publish',
  'auditlog.read',
  'tokens.manage',
  'profile.manage',
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ['organizations.read', 'notifications.read', 'tokens.manage', 'profile.manage'];

/** The roles of DESIGN §3, each a named set of permissions. This table is the only place they are defined. */
export const roles = {
  admin: [
    ...everyone,
    'organizations.write',
    'operators.manage',
    'servicerequests.write',
    'rewards.manage',
    'auditlog.read',
    'notifications.complete',
    // The vendor's Admins publish to the channel (the service refuses other kinds).
    'notifications.publish',
  ],
  reader: [...everyone],
  admin_agent: [...everyone, 'organizations.write', 'servicerequests.write', 'notifications.complete'],
  helpdesk_agent: [...everyone, 'servicerequests.write', 'notifications.complete'],
  program_admin: [...everyone, 'rewards.manage', 'notifications.complete'],
} as const satisfies Record<string, Permission[]>;
export type RoleName = keyof typeof roles;
export const roleNames = Object.keys(roles) as RoleName[];

/** The names shown to people (DESIGN §3), for e-mails; the web app has its own copy in its locale files. */
export const roleLabels: Record<'fr' | 'en', Record<RoleName, string>> = {
  en: {
    admin: 'Admin',
    reader: 'Reader',
    admin_agent: 'Admin agent',
    helpdesk_agent: 'Helpdesk agent',
    program_admin: 'Program admin',
  },
  fr: {
    admin: 'Administrateur',
    reader: 'Lecteur',
    admin_agent: "Agent d'administration",
    helpdesk_agent: 'Agent du support technique',
    program_admin: 'Administrateur du programme partenaire',
  },
};

/** The union of the permissions of the given roles; unknown role names grant nothing. */
export function permissionsOf(roleList: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roleList) {
    if (role in roles) for (const p of roles[role as RoleName]) granted.add(p);
  }
  return granted;
}

export const pages = [
  'customers',
  'partners',
  'distributors',
  'organization',
  'notifications',
  'publications',
  'rewards',
  'settings',
  // Under Settings in the navigation, in this order.
  'operators',
  'sso',
  'tokens',
  'auditlog',
] as const;
export type Page = (typeof pages)[number];

/** Which page each organisation kind opens, and the permission it needs. Decided here, reflected by the web app. */
const pageRules: Record<Page, { kinds: OrganizationKind[]; permission: Permission }> = {
  distributors: { kinds: ['vendor'], permission: 'organizations.read' },
  partners: { kinds: ['vendor', 'distributor'], permission: 'organizations.read' },
  customers: { kinds: ['vendor', 'distributor', 'partner'], permission: 'organizations.read' },
  organization: { kinds: ['customer'], permission: 'organizations.read' },
  operators: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'operators.manage' },
  notifications: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'notifications.read' },
  publications: { kinds: ['vendor'], permission: 'notifications.publish' },
  rewards: { kinds: ['distributor', 'partner'], permission: 'rewards.manage' },
  settings: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'profile.manage' },
  sso: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'operators.manage' },
  tokens: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'tokens.manage' },
  auditlog: { kinds: ['vendor', 'distributor', 'partner', 'customer'], permission: 'auditlog.read' },
};

/** The pages an actor of this kind with these permissions may open, in navigation order. */
export function pagesFor(kind: OrganizationKind, granted: ReadonlySet<Permission>): Page[] {
  return pages.filter((page) => pageRules[page].kinds.includes(kind) && granted.has(pageRules[page].permission));
}
