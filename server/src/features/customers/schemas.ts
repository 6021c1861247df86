import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

export const Health = Type.Union([Type.Literal('healthy'), Type.Literal('advisory'), Type.Literal('incident')]);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

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
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  primaryDomain: Type.String(),
  health: Health,
  openServiceRequests: Type.Integer(),
  licences: Type.Integer(),
  nextExpiry: NullableDate,
  expiringSoon: Type.Boolean({ description: 'nextExpiry is within 30 days' }),
  skus: Type.Array(Type.String()),
};

export const CustomerSummarySchema = Type.Object(figures, { $id: 'CustomerSummary' });
export type CustomerSummary = Static<typeof CustomerSummarySchema>;
export const CustomerCollection = Collection(CustomerSummarySchema, 'Customer');

export const OrganizationFiguresSchema = Type.Object(
  {
    ...figures,
    kind: Type.Union([Type.Literal('partner'), Type.Literal('distributor')]),
    customerCount: Type.Integer(),
  },
  { $id: 'OrganizationFigures' },
);
export type OrganizationFigures = Static<typeof OrganizationFiguresSchema>;
export const OrganizationFiguresCollection = Collection(OrganizationFiguresSchema, 'OrganizationFigures');

export const CustomerDetailSchema = Type.Object(
  {
    ...figures,
    country: Type.String(),
    language: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    directoryTenantId: Type.Union([Type.String(), Type.Null()]),
    verifiedDomains: Type.Array(Type.String()),
    address: Type.Object({
      line1: Type.String(),
      line2: Type.Union([Type.String(), Type.Null()]),
      city: Type.String(),
      postalCode: Type.String(),
      region: Type.Union([Type.String(), Type.Null()]),
      country: Type.String(),
    }),
    subscriptionsSummary: Type.Object({
      active: Type.Integer(),
      licences: Type.Integer(),
      nextExpiry: NullableDate,
      expiringWithin30Days: Type.Integer(),
    }),
    adminCenters: Type.Array(Type.Object({ product: Type.String(), name: Type.String(), url: Type.String() })),
    relationship: Type.Union([
      Type.Object({
        kind: Type.Union([Type.Literal('reseller'), Type.Literal('delegated_admin')]),
        status: Type.String(),
        startsAt: NullableDate,
        endsAt: NullableDate,
      }),
      Type.Null(),
    ]),
    providers: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        kind: Type.Union([Type.Literal('partner'), Type.Literal('distributor')]),
        name: Type.String(),
      }),
    ),
  },
  { $id: 'CustomerDetail' },
);
export type CustomerDetail = Static<typeof CustomerDetailSchema>;

export const CustomerParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
