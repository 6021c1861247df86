import type { Organization, OrganizationSummary } from './schemas.ts';
import type { OrganizationRow } from './repository.ts';

export function presentOrganizationSummary(row: OrganizationRow): OrganizationSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    primaryDomain: row.primaryDomain,
    country: row.country,
    language: row.language,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentOrganization(
  row: OrganizationRow,
  parent: Organization['parent'],
  relationship: {
    kind: 'reseller' | 'delegated_admin';
    status: string;
    startsAt: Date | null;
    endsAt: Date | null;
  } | null,
): Organization {
  return {
    ...presentOrganizationSummary(row),
    verifiedDomains: row.verifiedDomains,
    address: {
      line1: row.addressLine1,
      line2: row.addressLine2,
      city: row.city,
      postalCode: row.postalCode,
      region: row.region,
      country: row.country,
    },
    directoryTenantId: row.directoryTenantId,
    parent,
    relationship: relationship && {
      kind: relationship.kind,
      status: relationship.status,
      startsAt: relationship.startsAt?.toISOString() ?? null,
      endsAt: relationship.endsAt?.toISOString() ?? null,
    },
  };
}
