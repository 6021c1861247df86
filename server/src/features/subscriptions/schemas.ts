import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { DateTime, Int32, Name, Uuid } from '../../platform/http/schemas.ts';

const Ref = Type.Object({ id: Uuid, name: Name });
const Status = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
]);
const Term = Type.Union([Type.Literal(1), Type.Literal(12), Type.Literal(36)]);
// As the table's check constraints.
const Quantity = Int32(1, 1_000_000);

export const SubscriptionSchema = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    sku: Type.Object({
      id: Uuid,
      code: Type.String({ maxLength: 64 }),
      name: Name,
      commerceType: Type.Union([Type.Literal('legacy'), Type.Literal('new_commerce')]),
    }),
    product: Ref,
    quantity: Quantity,
    status: Status,
    startsAt: DateTime,
    termMonths: Int32(1, 36, { description: '1, 12 or 36' }),
    commitmentEndsAt: DateTime,
    autoRenew: Type.Boolean(),
    expiringSoon: Type.Boolean({ description: 'active and ending within 30 days' }),
    billingProvider: Ref,
    reseller: Type.Union([Ref, Type.Null()]),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Subscription' },
);
export type Subscription = Static<typeof SubscriptionSchema>;
export const SubscriptionCollection = Collection(SubscriptionSchema, 'Subscription');

export const SubscriptionListQuery = PageQuery;

export const CreateSubscriptionBody = Type.Object(
  {
    skuId: Uuid,
    quantity: Quantity,
    termMonths: Term,
    autoRenew: Type.Optional(Type.Boolean({ default: true })),
    startsAt: Type.Optional(DateTime),
    resellerId: Type.Optional(Uuid),
    billingProviderId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CreateSubscriptionBody = Static<typeof CreateSubscriptionBody>;

export const UpdateSubscriptionBody = Type.Object(
  {
    quantity: Type.Optional(Quantity),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('cancelled')])),
    autoRenew: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSubscriptionBody = Static<typeof UpdateSubscriptionBody>;

export const SubscriptionParams = Type.Object({ id: Uuid });

/** The customer whose subscriptions a route lists or creates. */
export const CustomerParams = Type.Object({ id: Uuid });
