import type { Address } from '../organizations/types';

/** Service health of a tenant, worst first: an incident outweighs an advisory. */
export const HEALTH_STATES = ['incident', 'advisory', 'healthy'] as const;
export type Health = (typeof HEALTH_STATES)[number];

export function isHealth(value: unknown): value is Health {
  return HEALTH_STATES.includes(value as Health);
}

/** One line of GET /api/v1/customers. */
export interface CustomerSummary {
  id: string;
  name: string;
  primaryDomain: string;
  country: string;
  health: Health;
  openServiceRequests: number;
  licences: number;
  /** Nearest commitment end of an active subscription. */
  nextExpiry: string | null;
  /** `nextExpiry` is within 30 days. */
  expiringSoon: boolean;
  /** SKU names of active subscriptions, sorted. */
  skus: string[];
}

/** One line of GET /api/v1/partners or /distributors: sums over the customers it sees. */
export interface OrganizationFigures {
  id: string;
  kind: 'partner' | 'distributor';
  name: string;
  primaryDomain: string;
  country: string;
  customerCount: number;
  licences: number;
  nextExpiry: string | null;
  expiringSoon: boolean;
  skus: string[];
  health: Health;
  openServiceRequests: number;
}

/** A row of any of the three lists: what the shared columns read. */
export type ListRow = CustomerSummary | OrganizationFigures;

/** GET /api/v1/customers/{id}. */
export interface CustomerDetail extends CustomerSummary {
  language: 'fr' | 'en';
  directoryTenantId: string | null;
  verifiedDomains: string[];
  address: Address;
  subscriptionsSummary: { active: number; licences: number; nextExpiry: string | null; expiringWithin30Days: number };
  adminCenters: Array<{ product: string; name: string; url: string }>;
  relationship: {
    kind: 'delegated_admin' | 'reseller';
    status: string;
    startsAt: string | null;
    endsAt: string | null;
  } | null;
  providers: Array<{ id: string; kind: 'partner' | 'distributor'; name: string }>;
}

/** GET /api/v1/customers/{id}/subscriptions. */
export interface Subscription {
  id: string;
  customerId: string;
  sku: { id: string; code: string; name: string; commerceType: 'legacy' | 'new_commerce' };
  product: { id: string; name: string };
  quantity: number;
  status: 'active' | 'suspended' | 'expired' | 'cancelled';
  startsAt: string;
  termMonths: 1 | 12 | 36;
  commitmentEndsAt: string;
  autoRenew: boolean;
  expiringSoon: boolean;
  billingProvider: { id: string; name: string };
  reseller: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}
