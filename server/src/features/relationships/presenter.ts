import type { Party, RelationshipWithStatus } from './repository.ts';
import type { CreateRelationshipBody, Relationship, RelationshipRequestReceipt } from './schemas.ts';

const unknownParty = (id: string): Party => ({ id, kind: '', name: '', primaryDomain: '' });

/**
 * A relationship as `viewerId`'s organisation may see it. Until the customer has approved (a request pending or
 * declined never started), the provider knows the customer only by the domain it asked for: the customer's name is
 * the customer's to give.
 */
export function presentRelationship(
  row: RelationshipWithStatus,
  parties: Map<string, Party>,
  viewerId: string,
): Relationship {
  const r = row.relationship;
  const provider = parties.get(r.providerId) ?? unknownParty(r.providerId);
  const customer = parties.get(r.customerId) ?? unknownParty(r.customerId);
  const known = r.startsAt !== null || viewerId === r.customerId;
  return {
    id: r.id,
    provider: { id: provider.id, kind: provider.kind, name: provider.name },
    customer: {
      id: customer.id,
      name: known ? customer.name : customer.primaryDomain,
      primaryDomain: customer.primaryDomain,
    },
    roles: r.roles,
    durationDays: r.durationDays,
    status: row.status,
    createdAt: r.createdAt.toISOString(),
    startsAt: r.startsAt?.toISOString() ?? null,
    endsAt: r.endsAt?.toISOString() ?? null,
  };
}

/** The answer to a request for delegated access: the request as understood, the same whether or not the domain is a customer's. */
export function presentRequestReceipt(body: CreateRelationshipBody): RelationshipRequestReceipt {
  return {
    customerDomain: body.customerDomain.trim().toLowerCase(),
    roles: body.roles,
    durationDays: body.durationDays,
  };
}
