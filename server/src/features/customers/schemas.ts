import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import {
  Count,
  CountryCode,
  DateTime,
  DOMAIN_MAX_LENGTH,
  DomainName,
  Name,
  unbounded,
  Uuid,
} from '../../platform/http/schemas.ts';
import { Address, RelationshipStatusName, VerifiedDomains } from '../organizations/schemas.ts';

export const Health = Type.Union([Type.Literal('healthy'), Type.Literal('advisory'), Type.Literal('incident')]);
const NullableDate = Type.Union([DateTime, Type.Null()]);
// The SKU names of the organisation's active subscriptions (its customers' for a partner or a distributor).
const SkuNames = Type.Array(Name, unbounded('One per SKU held: up to the size of the catalogue, which has no maximum'));
// An admin centre's URL template (at most 500 characters) with `{domain}` (8 characters) replaced by a domain name:
// at most 253 characters for every 8 of the template.
const ADMIN_CENTER_URL_MAX_LENGTH = Math.ceil((500 / '{domain}'.length) * DOMAIN_MAX_LENGTH);

export const customerSorts = ['name', 'domain', 'health', 'openServiceRequests', 'licences', 'nextExpiry'] as const;
export const channelSorts = [...customerSorts, 'customerCount'] as const;
export type CustomerSort = (typeof customerSorts)[number];
export type ChannelSort = (typeof channelSorts)[number];

const filters = {
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  health: Type.Optional(Health),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
};

export const CustomerListQuery = Type.Object({
  ...PageQuery.properties,
  ...filters,
  sort: Type.Optional(Type.Union(customerSorts.map((s) => Type.Literal(s)))),
});
export type CustomerListQuery = Static<typeof CustomerListQuery>;

export const CustomerExportQuery = Type.Object({
  ...filters,
  sort: Type.Optional(Type.Union(customerSorts.map((s) => Type.Literal(s)))),
});

export const ChannelListQuery = Type.Object({
  ...PageQuery.properties,
  ...filters,
  sort: Type.Optional(Type.Union(channelSorts.map((s) => Type.Literal(s)))),
});

const figures = {
  id: Uuid,
  name: Name,
  primaryDomain: DomainName,
  health: Health,
  openServiceRequests: Count(),
  licences: Count(),
  nextExpiry: NullableDate,
  expiringSoon: Type.Boolean({ description: 'nextExpiry is within 30 days' }),
  skus: SkuNames,
};

export const CustomerSummarySchema = Type.Object(figures, { $id: 'CustomerSummary' });
export type CustomerSummary = Static<typeof CustomerSummarySchema>;
export const CustomerCollection = Collection(CustomerSummarySchema, 'Customer');

export const OrganizationFiguresSchema = Type.Object(
  {
    ...figures,
    kind: Type.Union([Type.Literal('partner'), Type.Literal('distributor')]),
    customerCount: Count(),
  },
  { $id: 'OrganizationFigures' },
);
export type OrganizationFigures = Static<typeof OrganizationFiguresSchema>;
export const OrganizationFiguresCollection = Collection(OrganizationFiguresSchema, 'OrganizationFigures');

export const CustomerDetailSchema = Type.Object(
  {
    ...figures,
    country: CountryCode,
    language: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    directoryTenantId: Type.Union([Uuid, Type.Null()]),
    verifiedDomains: VerifiedDomains,
    address: Address,
    subscriptionsSummary: Type.Object({
      active: Count(),
      licences: Count(),
      nextExpiry: NullableDate,
      expiringWithin30Days: Count(),
    }),
    adminCenters: Type.Array(
      Type.Object({
        product: Name,
        name: Type.String({ maxLength: 100 }),
        url: Type.String({ maxLength: ADMIN_CENTER_URL_MAX_LENGTH }),
      }),
      unbounded('Up to 20 for each product the customer holds; the catalogue has no maximum of products'),
    ),
    relationship: Type.Union([
      Type.Object({
        kind: Type.Union([Type.Literal('reseller'), Type.Literal('delegated_admin')]),
        status: RelationshipStatusName,
        startsAt: NullableDate,
        endsAt: NullableDate,
      }),
      Type.Null(),
    ]),
    providers: Type.Array(
      Type.Object({
        id: Uuid,
        kind: Type.Union([Type.Literal('partner'), Type.Literal('distributor')]),
        name: Name,
      }),
      unbounded('Every partner and distributor with a running relationship to the customer: there is no maximum'),
    ),
  },
  { $id: 'CustomerDetail' },
);
export type CustomerDetail = Static<typeof CustomerDetailSchema>;

export const CustomerParams = Type.Object({ id: Uuid });

/** A customer's service health, as the lists show and filter it. */
export { healthStates } from './tables.ts';
