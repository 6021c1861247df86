import type { getCustomerHealth, IncidentView } from './service.ts';
import type { CustomerHealth, Incident } from './schemas.ts';

export function presentIncident({ incident, productName, updates, customerIds }: IncidentView): Incident {
  return {
    id: incident.id,
    reference: incident.reference,
    product: { id: incident.productId, name: productName },
    kind: incident.kind,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    scope: incident.scope,
    startsAt: incident.startsAt.toISOString(),
    endsAt: incident.endsAt?.toISOString() ?? null,
    updatedAt: incident.updatedAt.toISOString(),
    customerIds,
    updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      message: u.message,
      postedAt: u.postedAt.toISOString(),
    })),
  };
}

/** A customer's health pane: its state, the incidents open on it and those resolved lately. */
export function presentCustomerHealth(health: Awaited<ReturnType<typeof getCustomerHealth>>): CustomerHealth {
  return {
    customerId: health.customerId,
    health: health.health,
    open: health.open.map(presentIncident),
    recentlyResolved: health.recentlyResolved.map(presentIncident),
  };
}
