import type { ListedSubscription } from './repository.ts';
import type { Subscription } from './schemas.ts';

type Listed = Omit<ListedSubscription, 'statusRank'>;

export function presentSubscription(row: Listed, names: Map<string, string>): Subscription {
  const s = row.subscription;
  return {
    id: s.id,
    customerId: s.customerId,
    sku: row.sku,
    product: row.product,
    quantity: s.quantity,
    status: s.status,
    startsAt: s.startsAt.toISOString(),
    termMonths: s.termMonths,
    commitmentEndsAt: s.commitmentEndsAt.toISOString(),
    autoRenew: s.autoRenew,
    expiringSoon: row.expiringSoon,
    billingProvider: { id: s.billingProviderId, name: names.get(s.billingProviderId) ?? '' },
    reseller: s.resellerId ? { id: s.resellerId, name: names.get(s.resellerId) ?? '' } : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** The organisations whose names a page of subscriptions shows. */
export function channelIdsOf(rows: Listed[]): string[] {
  return rows.flatMap((r) => [
    r.subscription.billingProviderId,
    ...(r.subscription.resellerId ? [r.subscription.resellerId] : []),
  ]);
}
