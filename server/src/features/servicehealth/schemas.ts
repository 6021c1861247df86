import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { DateTime, IfMatch, Name, NullableDateTime, unbounded, Uuid } from '../../platform/http/schemas.ts';
import { healthStates } from '../customers/schemas.ts';
import { incidentKinds, incidentScopes, incidentSeverities, incidentStatuses } from './tables.ts';

const Status = Type.Enum([...incidentStatuses]);
const CUSTOMER_IDS_MAX_ITEMS = 10_000;
const TITLE_MAX_LENGTH = 200;
const MESSAGE_MAX_LENGTH = 5000;

export const IncidentSchema = Type.Object(
  {
    id: Uuid,
    reference: Type.String({ pattern: '^INC-[0-9A-Z]{6}$', maxLength: 10, description: 'e.g. INC-7K2M9Q' }),
    product: Type.Object({ id: Uuid, name: Name }),
    kind: Type.Enum([...incidentKinds]),
    title: Type.String({ maxLength: TITLE_MAX_LENGTH }),
    status: Status,
    severity: Type.Enum([...incidentSeverities]),
    scope: Type.Enum([...incidentScopes]),
    startsAt: DateTime,
    endsAt: NullableDateTime,
    updatedAt: DateTime,
    customerIds: Type.Array(Uuid, {
      maxItems: CUSTOMER_IDS_MAX_ITEMS,
      description: 'Scope `customers`: the listed customers that the caller sees (empty for scope `product`)',
    }),
    updates: Type.Array(
      Type.Object({
        id: Uuid,
        status: Status,
        message: Type.String({ maxLength: MESSAGE_MAX_LENGTH }),
        postedAt: DateTime,
      }),
      { description: 'Newest first', ...unbounded('Every update posted: their number is not capped') },
    ),
  },
  { $id: 'Incident' },
);
export type Incident = Static<typeof IncidentSchema>;

export const IncidentCollection = Collection(IncidentSchema, 'Incident');

export const IncidentListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
});
export type IncidentListQuery = Static<typeof IncidentListQuery>;

const Message = Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH });

export const CreateIncidentBody = Type.Object(
  {
    productId: Uuid,
    kind: Type.Enum([...incidentKinds]),
    title: Type.String({ minLength: 3, maxLength: TITLE_MAX_LENGTH }),
    severity: Type.Enum([...incidentSeverities]),
    message: Message,
    scope: Type.Enum([...incidentScopes]),
    customerIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: CUSTOMER_IDS_MAX_ITEMS,
        description: 'Required with scope `customers`, refused with scope `product`',
      }),
    ),
    startsAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type CreateIncidentBody = Static<typeof CreateIncidentBody>;

export const UpdateIncidentBody = Type.Object(
  { status: Type.Optional(Status), message: Message },
  { additionalProperties: false },
);
export type UpdateIncidentBody = Static<typeof UpdateIncidentBody>;

export const IncidentParams = Type.Object({ id: Uuid });
export const CustomerParams = Type.Object({ id: Uuid });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(IfMatch) });

// Ajv refuses one $id at two places of a schema: the health answer holds two lists of the same shape, unnamed.
const IncidentItem = Type.Object(IncidentSchema.properties);

export const CustomerHealthSchema = Type.Object(
  {
    customerId: Uuid,
    health: Type.Enum([...healthStates]),
    open: Type.Array(IncidentItem, unbounded('Every open incident that affects the customer: there is no maximum')),
    recentlyResolved: Type.Array(IncidentItem, {
      description: 'Resolved in the last 7 days',
      ...unbounded('Every incident resolved in the last 7 days: there is no maximum'),
    }),
  },
  { $id: 'CustomerHealth' },
);
export type CustomerHealth = Static<typeof CustomerHealthSchema>;
