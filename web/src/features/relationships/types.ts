export type RelationshipStatus = 'pending' | 'active' | 'expiring' | 'expired' | 'declined' | 'terminated';

/** The status tabs, in display order; `all` sends no filter. */
export const RELATIONSHIP_FILTERS = [
  'all',
  'pending',
  'active',
  'expiring',
  'expired',
  'declined',
  'terminated',
] as const;
export type RelationshipFilter = (typeof RELATIONSHIP_FILTERS)[number];

/** The roles a provider may ask for (the server's role names; it exposes no list of them yet). */
export const DELEGATED_ROLES = ['admin_agent', 'helpdesk_agent', 'reader'] as const;

export const MAX_DURATION_DAYS = 730;

/** A delegated-admin relationship between a provider (partner or distributor) and a customer. */
export interface Relationship {
  id: string;
  provider: { id: string; kind: string; name: string };
  customer: { id: string; name: string; primaryDomain: string };
  roles: string[];
  durationDays: number;
  status: RelationshipStatus;
  createdAt: string;
  startsAt: string | null;
  endsAt: string | null;
}

/** What POST /relationships answers: the same whether or not a customer has the domain. */
export interface RelationshipRequestReceipt {
  customerDomain: string;
  roles: string[];
  durationDays: number;
}

export interface RequestRelationshipBody {
  customerDomain: string;
  roles: string[];
  durationDays: number;
}
