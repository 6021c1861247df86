import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

const Kind = Type.Union([
  Type.Literal('vendor'),
  Type.Literal('distributor'),
  Type.Literal('partner'),
  Type.Literal('customer'),
]);
const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

export const OrganizationSummarySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Kind,
    name: Type.String(),
    primaryDomain: Type.String(),
    country: Type.String(),
    language: Language,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OrganizationSummary' },
);
export type OrganizationSummary = Static<typeof OrganizationSummarySchema>;

export const OrganizationSchema = Type.Object(
  {
    ...OrganizationSummarySchema.properties,
    verifiedDomains: Type.Array(Type.String()),
    address: Type.Object({
      line1: Type.String(),
      line2: Type.Union([Type.String(), Type.Null()]),
      city: Type.String(),
      postalCode: Type.String(),
      region: Type.Union([Type.String(), Type.Null()]),
      country: Type.String(),
    }),
    directoryTenantId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    parent: Type.Union([Type.Object({ id: Type.String(), kind: Kind, name: Type.String() }), Type.Null()]),
    relationship: Type.Union([
      Type.Object({
        kind: Type.Union([Type.Literal('reseller'), Type.Literal('delegated_admin')]),
        status: Type.String(),
        startsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        endsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'Organization' },
);
export type Organization = Static<typeof OrganizationSchema>;

export const OrganizationCollection = Collection(OrganizationSummarySchema, 'Organization');

export const OrganizationListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Kind),
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type OrganizationListQuery = Static<typeof OrganizationListQuery>;

export const OrganizationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
