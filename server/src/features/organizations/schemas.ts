import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import {
  CountryCode,
  DateTime,
  DomainName,
  Name,
  NullableDateTime,
  OneOf,
  unbounded,
  Uuid,
} from '../../platform/http/schemas.ts';
import { delegatedAdminStatuses, resellerStatuses } from '../../core/tenancy/tables.ts';

const Kind = Type.Union([
  Type.Literal('vendor'),
  Type.Literal('distributor'),
  Type.Literal('partner'),
  Type.Literal('customer'),
]);
const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

/** A postal address: onboarding's limits (line 2 and region, which no input writes yet, as line 1 and the city). */
export const Address = Type.Object({
  line1: Type.String({ maxLength: 200 }),
  line2: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  city: Type.String({ maxLength: 100 }),
  postalCode: Type.String({ maxLength: 20 }),
  region: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  country: CountryCode,
});

export const VerifiedDomains = Type.Array(
  DomainName,
  unbounded('The organisation holds any number; today only onboarding writes them, with the primary domain'),
);

/** A reseller or delegated-admin relationship's status, `expiring` and `expired` derived from its end. */
export const RelationshipStatusName = OneOf([...resellerStatuses, ...delegatedAdminStatuses, 'expiring', 'expired']);

export const OrganizationSummarySchema = Type.Object(
  {
    id: Uuid,
    kind: Kind,
    name: Name,
    primaryDomain: DomainName,
    country: CountryCode,
    language: Language,
    createdAt: DateTime,
  },
  { $id: 'OrganizationSummary' },
);
export type OrganizationSummary = Static<typeof OrganizationSummarySchema>;

export const OrganizationSchema = Type.Object(
  {
    ...OrganizationSummarySchema.properties,
    verifiedDomains: VerifiedDomains,
    address: Address,
    directoryTenantId: Type.Union([Uuid, Type.Null()]),
    parent: Type.Union([Type.Object({ id: Uuid, kind: Kind, name: Name }), Type.Null()]),
    relationship: Type.Union([
      Type.Object({
        kind: Type.Union([Type.Literal('reseller'), Type.Literal('delegated_admin')]),
        status: RelationshipStatusName,
        startsAt: NullableDateTime,
        endsAt: NullableDateTime,
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

export const OrganizationParams = Type.Object({ id: Uuid });
