import type { ResponseBody, Schema } from '../../api/types';

/** One line of GET /api/v1/customers. */
export type CustomerSummary = Schema<'CustomerSummary'>;

/** Service health of a tenant. */
export type Health = CustomerSummary['health'];
/** The health states worst first: an incident outweighs an advisory. */
export const HEALTH_STATES = ['incident', 'advisory', 'healthy'] as const satisfies readonly Health[];

export function isHealth(value: unknown): value is Health {
  return HEALTH_STATES.includes(value as Health);
}

/** One line of GET /api/v1/partners or /distributors: sums over the customers it sees. */
export type OrganizationFigures = Schema<'OrganizationFigures'>;

/** A row of any of the three lists: what the shared columns read. */
export type ListRow = CustomerSummary | OrganizationFigures;

/** GET /api/v1/customers/{id}. */
export type CustomerDetail = ResponseBody<'/api/v1/customers/{id}', 'get'>;

/** One line of GET /api/v1/customers/{id}/subscriptions. */
export type Subscription = Schema<'Subscription'>;
