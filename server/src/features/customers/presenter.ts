import type { OrganizationFigures, CustomerSummary } from './schemas.ts';
import type { SummaryRow } from './repository.ts';

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
