import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { healthStates } from '../customers/tables.ts';
import { incidentKinds, incidentScopes, incidentSeverities, incidentStatuses } from './tables.ts';

const Status = Type.Enum([...incidentStatuses]);
const DateTime = Type.String({ format: 'date-time' });

export const IncidentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    reference: Type.String({ description: 'e.g. INC-7K2M9Q' }),
    product: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    kind: Type.Enum([...incidentKinds]),
    title: Type.String(),
    status: Status,
    severity: Type.Enum([...incidentSeverities]),
    scope: Type.Enum([...incidentScopes]),
    startsAt: DateTime,
    endsAt: Type.Union([DateTime, Type.Null()]),
    updatedAt: DateTime,
    customerIds: Type.Array(Type.String({ format: 'uuid' }), {
      description: 'Scope `customers`: the listed customers that the caller sees (empty for scope `product`)',
    }),
    updates: Type.Array(
      Type.Object({ id: Type.String({ format: 'uuid' }), status: Status, message: Type.String(), postedAt: DateTime }),
      { description: 'Newest first' },
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

const Message = Type.String({ minLength: 1, maxLength: 5000 });

export const CreateIncidentBody = Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    kind: Type.Enum([...incidentKinds]),
    title: Type.String({ minLength: 3, maxLength: 200 }),
    severity: Type.Enum([...incidentSeverities]),
    message: Message,
    scope: Type.Enum([...incidentScopes]),
    customerIds: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 10000,
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

export const IncidentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CustomerParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the version you loaded ("<version>")' })),
});

// Ajv refuses one $id at two places of a schema: the health answer holds two lists of the same shape, unnamed.
const IncidentItem = Type.Object(IncidentSchema.properties);

export const CustomerHealthSchema = Type.Object(
  {
    customerId: Type.String({ format: 'uuid' }),
    health: Type.Enum([...healthStates]),
    open: Type.Array(IncidentItem),
    recentlyResolved: Type.Array(IncidentItem, { description: 'Resolved in the last 7 days' }),
  },
  { $id: 'CustomerHealth' },
);
export type CustomerHealth = Static<typeof CustomerHealthSchema>;
