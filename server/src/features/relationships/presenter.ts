import type { Party, RelationshipWithStatus } from './repository.ts';
import type { Relationship } from './schemas.ts';

const unknownParty = (id: string): Party => ({ id, kind: '', name: '', primaryDomain: '' });

export function presentRelationship(row: RelationshipWithStatus, parties: Map<string, Party>): Relationship {
  const r = row.relationship;
  const provider = parties.get(r.providerId) ?? unknownParty(r.providerId);
  const customer = parties.get(r.customerId) ?? unknownParty(r.customerId);
  return {
    id: r.id,
    provider: { id: provider.id, kind: provider.kind, name: provider.name },
    customer: { id: customer.id, name: customer.name, primaryDomain: customer.primaryDomain },
    roles: r.roles,
    durationDays: r.durationDays,
    status: row.status,
    createdAt: r.createdAt.toISOString(),
    startsAt: r.startsAt?.toISOString() ?? null,
    endsAt: r.endsAt?.toISOString() ?? null,
  };
}
