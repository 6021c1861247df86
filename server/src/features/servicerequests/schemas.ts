import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { serviceRequestSeverities, serviceRequestStatuses } from './tables.ts';

const Severity = Type.Enum([...serviceRequestSeverities]);
const Status = Type.Enum([...serviceRequestStatuses]);
const DateTime = Type.String({ format: 'date-time' });

export const ServiceRequestSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer({ description: 'The short number people quote (SR-<number>)' }),
    customerId: Type.String({ format: 'uuid' }),
    customerName: Type.String(),
    product: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), Type.Null()]),
    title: Type.String(),
    description: Type.String(),
    severity: Severity,
    status: Status,
    contact: Type.Object({
      name: Type.String(),
      email: Type.String(),
      phone: Type.Union([Type.String(), Type.Null()]),
    }),
    createdBy: Type.Object({
      organizationId: Type.String({ format: 'uuid' }),
      organizationName: Type.String(),
      userName: Type.Union([Type.String(), Type.Null()], {
        description: "Shown to the creator's own organisation only",
      }),
      onBehalf: Type.Boolean({ description: "Opened by a partner or distributor on the customer's behalf" }),
    }),
    noteCount: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
    closedAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'ServiceRequest' },
);
export type ServiceRequest = Static<typeof ServiceRequestSchema>;

export const ServiceRequestDetailSchema = Type.Object(
  {
    ...ServiceRequestSchema.properties,
    notes: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        body: Type.String(),
        authorName: Type.String(),
        authorOrganizationName: Type.String(),
        createdAt: DateTime,
      }),
      { description: 'Oldest first' },
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
    title: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    severity: Severity,
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    contact: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ format: 'email', maxLength: 254 }),
        phone: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CreateServiceRequestBody = Static<typeof CreateServiceRequestBody>;

export const UpdateServiceRequestBody = Type.Object(
  { status: Type.Optional(Status), note: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateServiceRequestBody = Static<typeof UpdateServiceRequestBody>;

export const ServiceRequestParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CustomerParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the version you loaded ("<version>")' })),
});
