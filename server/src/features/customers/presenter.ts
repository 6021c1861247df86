import type { CustomerDetail, OrganizationFigures, CustomerSummary } from './schemas.ts';
import type { SummaryRow } from './repository.ts';
import type { CustomerDetailView } from './service.ts';

const THIRTY_DAYS = 30 * 86_400_000;

/** 'infinity' (no active subscription) is presented as null. */
function expiryOf(row: SummaryRow): Date | null {
  return Number.isFinite(row.nextExpiry.getTime()) ? row.nextExpiry : null;
}

export function presentCustomerSummary(row: SummaryRow, now: Date): CustomerSummary {
  const nextExpiry = expiryOf(row);
  return {
    id: row.organizationId,
    name: row.name,
    primaryDomain: row.primaryDomain,
    health: row.health,
    openServiceRequests: row.openServiceRequests,
    licences: row.licences,
    nextExpiry: nextExpiry?.toISOString() ?? null,
    expiringSoon: nextExpiry !== null && nextExpiry.getTime() - now.getTime() <= THIRTY_DAYS,
    skus: row.skus,
  };
}

export function presentOrganizationFigures(row: SummaryRow, now: Date): OrganizationFigures {
  return {
    ...presentCustomerSummary(row, now),
    kind: row.kind === 'distributor' ? 'distributor' : 'partner',
    customerCount: row.customerCount,
  };
}

/** A customer's details pane: its summary, profile and address, subscriptions, admin centres, relationship, providers. */
export function presentCustomerDetail(view: CustomerDetailView, now: Date): CustomerDetail {
  const { customer, summary, subscriptionsSummary: subs, adminCenters, relationship, providers } = view;
  return {
    ...presentCustomerSummary(summary, now),
    country: customer.country,
    language: customer.language,
    directoryTenantId: customer.directoryTenantId,
    verifiedDomains: customer.verifiedDomains,
    address: {
      line1: customer.addressLine1,
      line2: customer.addressLine2,
      city: customer.city,
      postalCode: customer.postalCode,
      region: customer.region,
      country: customer.country,
    },
    subscriptionsSummary: {
      active: subs.active,
      licences: subs.licences,
      nextExpiry: subs.nextExpiry?.toISOString() ?? null,
      expiringWithin30Days: subs.expiringWithin30Days,
    },
    adminCenters,
    relationship: relationship && {
      kind: relationship.kind,
      status: relationship.status,
      startsAt: relationship.startsAt?.toISOString() ?? null,
      endsAt: relationship.endsAt?.toISOString() ?? null,
    },
    providers: providers.map((p) => ({
      id: p.id,
      kind: p.kind === 'distributor' ? ('distributor' as const) : ('partner' as const),
      name: p.name,
    })),
  };
}
