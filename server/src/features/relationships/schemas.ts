import Type, { type Static } from 'typebox';
import { roleNames } from '../../platform/access/roles.ts';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('expiring'),
  Type.Literal('expired'),
  Type.Literal('declined'),
  Type.Literal('terminated'),
]);
export type RelationshipStatus = Static<typeof Status>;
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const RelationshipSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    provider: Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.String(), name: Type.String() }),
    customer: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), primaryDomain: Type.String() }),
    roles: Type.Array(Type.String()),
    durationDays: Type.Integer(),
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
    customerDomain: Type.String(),
    roles: Type.Array(Type.String()),
    durationDays: Type.Integer(),
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
    durationDays: Type.Integer({ minimum: 1, maximum: 730 }),
  },
  { additionalProperties: false },
);
export type CreateRelationshipBody = Static<typeof CreateRelationshipBody>;

export const RelationshipParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
