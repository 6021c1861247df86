import type { ResponseBody, Schema } from '../../api/types';
import type { OrganizationKind } from '../auth/types';

/** One line of GET /api/v1/organizations. */
export type OrganizationSummary = Schema<'OrganizationSummary'>;

/** GET /api/v1/organizations/{id}. */
export type Organization = ResponseBody<'/api/v1/organizations/{id}', 'get'>;
export type Address = Organization['address'];

/** The list pages and the kind each one shows. */
export const LIST_PAGES = {
  customers: { kind: 'customer', path: '/customers', titleKey: 'nav.customers' },
  partners: { kind: 'partner', path: '/partners', titleKey: 'nav.partners' },
  distributors: { kind: 'distributor', path: '/distributors', titleKey: 'nav.distributors' },
} as const satisfies Record<string, { kind: OrganizationKind; path: string; titleKey: string }>;

export type ListPageName = keyof typeof LIST_PAGES;
