import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import {
  Count,
  DateTime,
  EmailAddress,
  IfMatch,
  Name,
  NullableDateTime,
  unbounded,
  Uuid,
} from '../../platform/http/schemas.ts';
import { serviceRequestSeverities, serviceRequestStatuses } from './tables.ts';

const Severity = Type.Enum([...serviceRequestSeverities]);
const Status = Type.Enum([...serviceRequestStatuses]);
const TITLE_MAX_LENGTH = 200;
const TEXT_MAX_LENGTH = 5000;
const PHONE_MAX_LENGTH = 50;

export const ServiceRequestSchema = Type.Object(
  {
    id: Uuid,
    // A bigserial read as a JS number: exact up to 2^53 - 1.
    number: Type.Integer({
      format: 'int64',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'The short number people quote (SR-<number>)',
    }),
    customerId: Uuid,
    customerName: Name,
    product: Type.Union([Type.Object({ id: Uuid, name: Name }), Type.Null()]),
    title: Type.String({ maxLength: TITLE_MAX_LENGTH }),
    description: Type.String({ maxLength: TEXT_MAX_LENGTH }),
    severity: Severity,
    status: Status,
    contact: Type.Object({
      name: Name,
      email: EmailAddress,
      phone: Type.Union([Type.String({ maxLength: PHONE_MAX_LENGTH }), Type.Null()]),
    }),
    createdBy: Type.Object({
      organizationId: Uuid,
      organizationName: Name,
      userName: Type.Union([Name, Type.Null()], {
        description: "Shown to the creator's own organisation only",
      }),
      onBehalf: Type.Boolean({ description: "Opened by a partner or distributor on the customer's behalf" }),
    }),
    noteCount: Count(),
    createdAt: DateTime,
    updatedAt: DateTime,
    closedAt: NullableDateTime,
  },
  { $id: 'ServiceRequest' },
);
export type ServiceRequest = Static<typeof ServiceRequestSchema>;

export const ServiceRequestDetailSchema = Type.Object(
  {
    ...ServiceRequestSchema.properties,
    notes: Type.Array(
      Type.Object({
        id: Uuid,
        body: Type.String({ maxLength: TEXT_MAX_LENGTH }),
        authorName: Name,
        authorOrganizationName: Name,
        createdAt: DateTime,
      }),
      { description: 'Oldest first', ...unbounded('Every note added: their number is not capped') },
    ),
  },
  { $id: 'ServiceRequestDetail' },
);
export type ServiceRequestDetail = Static<typeof ServiceRequestDetailSchema>;

export const ServiceRequestCollection = Collection(ServiceRequestSchema, 'ServiceRequest');

export const ServiceRequestListQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(Status) });
export type ServiceRequestListQuery = Static<typeof ServiceRequestListQuery>;

export const CreateServiceRequestBody = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: TITLE_MAX_LENGTH }),
    description: Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH }),
    severity: Severity,
    productId: Type.Optional(Uuid),
    contact: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ format: 'email', maxLength: 254 }),
        phone: Type.Optional(Type.String({ minLength: 1, maxLength: PHONE_MAX_LENGTH })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CreateServiceRequestBody = Static<typeof CreateServiceRequestBody>;

export const UpdateServiceRequestBody = Type.Object(
  { status: Type.Optional(Status), note: Type.Optional(Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH })) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateServiceRequestBody = Static<typeof UpdateServiceRequestBody>;

export const ServiceRequestParams = Type.Object({ id: Uuid });
export const CustomerParams = Type.Object({ id: Uuid });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(IfMatch) });
