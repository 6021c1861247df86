import Type, { type Static } from 'typebox';
import { roleNames } from '../../core/tenancy/roles.ts';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import {
  DateTime,
  DOMAIN_MAX_LENGTH,
  DomainName,
  Int32,
  Name,
  NullableDateTime,
  OneOf,
  Uuid,
} from '../../platform/http/schemas.ts';
import { organizationKinds } from '../../core/tenancy/tables.ts';

const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('expiring'),
  Type.Literal('expired'),
  Type.Literal('declined'),
  Type.Literal('terminated'),
]);
export type RelationshipStatus = Static<typeof Status>;
// The relationship's roles, a set (the request's, with uniqueItems), and its length (the table's check).
const RoleNames = Type.Array(OneOf(roleNames), { maxItems: roleNames.length });
const DurationDays = Int32(1, 730);

export const RelationshipSchema = Type.Object(
  {
    id: Uuid,
    provider: Type.Object({ id: Uuid, kind: OneOf(organizationKinds), name: Name }),
    customer: Type.Object({
      id: Uuid,
      name: Type.String({
        maxLength: DOMAIN_MAX_LENGTH,
        description: 'Its primary domain until the customer approved (a name is at most 200 characters)',
      }),
      primaryDomain: DomainName,
    }),
    roles: RoleNames,
    durationDays: DurationDays,
    status: Status,
    createdAt: DateTime,
    startsAt: NullableDateTime,
    endsAt: NullableDateTime,
  },
  { $id: 'Relationship' },
);
export type Relationship = Static<typeof RelationshipSchema>;

/** The answer to a request, the same whether a customer has the domain or not. */
export const RelationshipRequestReceipt = Type.Object(
  {
    customerDomain: DomainName,
    roles: RoleNames,
    durationDays: DurationDays,
  },
  { $id: 'RelationshipRequestReceipt' },
);
export type RelationshipRequestReceipt = Static<typeof RelationshipRequestReceipt>;

export const RelationshipCollection = Collection(RelationshipSchema, 'Relationship');

export const RelationshipListQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(Status) });
export type RelationshipListQuery = Static<typeof RelationshipListQuery>;

export const CreateRelationshipBody = Type.Object(
  {
    customerDomain: Type.String({
      maxLength: 253,
      pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$',
    }),
    roles: Type.Array(Type.Enum(roleNames), { minItems: 1, maxItems: roleNames.length, uniqueItems: true }),
    durationDays: DurationDays,
  },
  { additionalProperties: false },
);
export type CreateRelationshipBody = Static<typeof CreateRelationshipBody>;

export const RelationshipParams = Type.Object({ id: Uuid });
