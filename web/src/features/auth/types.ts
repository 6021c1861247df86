import type { Language } from '../../shared/i18n';

export type OrganizationKind = 'vendor' | 'distributor' | 'partner' | 'customer';

export type PageName =
  | 'customers'
  | 'partners'
  | 'distributors'
  | 'organization'
  | 'operators'
  | 'notifications'
  | 'rewards'
  | 'settings'
  | 'sso'
  | 'auditlog'
  | 'tokens';

/** The signed-in person, as GET /api/v1/me answers. */
export interface Me {
  user: { id: string; email: string; displayName: string; language: Language | null };
  organization: { id: string; kind: OrganizationKind; name: string; primaryDomain: string };
  roles: string[];
  permissions: string[];
  pages: PageName[];
}
