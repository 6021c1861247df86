import type { RequestBody, ResponseBody, Schema } from '../../api/types';

/** A delegated-admin relationship between a provider (partner or distributor) and a customer. */
export type Relationship = Schema<'Relationship'>;
export type RelationshipStatus = Relationship['status'];

/** The status tabs, in display order; `all` sends no filter. */
export const RELATIONSHIP_FILTERS = [
  'all',
  'pending',
  'active',
  'expiring',
  'expired',
  'declined',
  'terminated',
] as const satisfies readonly ('all' | RelationshipStatus)[];
export type RelationshipFilter = (typeof RELATIONSHIP_FILTERS)[number];

export type RequestRelationshipBody = RequestBody<'/api/v1/relationships', 'post'>;

/** The roles a provider may ask for (the server's role names; it exposes no list of them yet). */
export const DELEGATED_ROLES = [
  'admin_agent',
  'helpdesk_agent',
  'reader',
] as const satisfies readonly RequestRelationshipBody['roles'][number][];

export const MAX_DURATION_DAYS = 730;

/** What POST /relationships answers: the same whether or not a customer has the domain. */
export type RelationshipRequestReceipt = ResponseBody<'/api/v1/relationships', 'post'>;
