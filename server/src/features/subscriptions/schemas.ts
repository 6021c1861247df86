import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

const Ref = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });
const Status = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
]);
const Term = Type.Union([Type.Literal(1), Type.Literal(12), Type.Literal(36)]);

export const SubscriptionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customerId: Type.String({ format: 'uuid' }),
    sku: Type.Object({
      id: Type.String({ format: 'uuid' }),
      code: Type.String(),
      name: Type.String(),
      commerceType: Type.Union([Type.Literal('legacy'), Type.Literal('new_commerce')]),
    }),
    product: Ref,
    quantity: Type.Integer(),
    status: Status,
    startsAt: Type.String({ format: 'date-time' }),
    termMonths: Type.Integer(),
    commitmentEndsAt: Type.String({ format: 'date-time' }),
    autoRenew: Type.Boolean(),
    expiringSoon: Type.Boolean({ description: 'active and ending within 30 days' }),
    billingProvider: Ref,
    reseller: Type.Union([Ref, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Subscription' },
);
export type Subscription = Static<typeof SubscriptionSchema>;
export const SubscriptionCollection = Collection(SubscriptionSchema, 'Subscription');

export const SubscriptionListQuery = PageQuery;

export const CreateSubscriptionBody = Type.Object(
  {
    skuId: Type.String({ format: 'uuid' }),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    termMonths: Term,
    autoRenew: Type.Optional(Type.Boolean({ default: true })),
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    resellerId: Type.Optional(Type.String({ format: 'uuid' })),
    billingProviderId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type CreateSubscriptionBody = Static<typeof CreateSubscriptionBody>;

export const UpdateSubscriptionBody = Type.Object(
  {
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('cancelled')])),
    autoRenew: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSubscriptionBody = Static<typeof UpdateSubscriptionBody>;

export const SubscriptionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
