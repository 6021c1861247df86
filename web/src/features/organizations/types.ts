import type { OrganizationKind } from '../auth/types';

/** One line of GET /api/v1/organizations. */
export interface OrganizationSummary {
  id: string;
  kind: OrganizationKind;
  name: string;
  primaryDomain: string;
  country: string;
  language: 'fr' | 'en';
  createdAt: string;
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
}

/** GET /api/v1/organizations/{id}. */
export interface Organization extends OrganizationSummary {
  verifiedDomains: string[];
  address: Address;
  directoryTenantId: string | null;
  parent: { id: string; kind: OrganizationKind; name: string } | null;
  relationship: null | {
    kind: 'reseller' | 'delegated_admin';
    status: string;
    startsAt: string | null;
    endsAt: string | null;
  };
}

/** The list pages and the kind each one shows. */
export const LIST_PAGES = {
  customers: { kind: 'customer', path: '/customers', titleKey: 'nav.customers' },
  partners: { kind: 'partner', path: '/partners', titleKey: 'nav.partners' },
  distributors: { kind: 'distributor', path: '/distributors', titleKey: 'nav.distributors' },
} as const satisfies Record<string, { kind: OrganizationKind; path: string; titleKey: string }>;

export type ListPageName = keyof typeof LIST_PAGES;
