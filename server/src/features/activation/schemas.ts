import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
const LinkKind = Type.Union([Type.Literal('customer'), Type.Literal('partner')]);
const LinkStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('used'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type ActivationLinkStatus = Static<typeof LinkStatus>;
const DateTime = Type.String({ format: 'date-time' });
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });

export const ActivationLinkSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: LinkKind,
    organizationName: Type.String(),
    recipientEmail: Type.String(),
    language: Language,
    skus: Type.Array(
      Type.Object({ skuId: Type.String({ format: 'uuid' }), name: Type.String(), quantity: Type.Integer() }),
    ),
    status: LinkStatus,
    url: Type.Union([Type.String({ description: 'The signed link to copy; pending links only' }), Type.Null()]),
    expiresAt: DateTime,
    createdAt: DateTime,
    lastSentAt: DateTime,
    sendCount: Type.Integer(),
    usedAt: Type.Union([DateTime, Type.Null()]),
    usedOrganization: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
      Type.Null(),
    ]),
  },
  { $id: 'ActivationLink' },
);
export type ActivationLink = Static<typeof ActivationLinkSchema>;

export const ActivationLinkCollection = Collection(ActivationLinkSchema, 'ActivationLink');

export const ActivationLinkListQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(LinkStatus) });
export type ActivationLinkListQuery = Static<typeof ActivationLinkListQuery>;

export const CreateActivationLinkBody = Type.Object(
  {
    kind: LinkKind,
    organizationName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    recipientEmail: Email,
    language: Language,
    skus: Type.Optional(
      Type.Array(
        Type.Object(
          { skuId: Type.String({ format: 'uuid' }), quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
          { additionalProperties: false },
        ),
        { maxItems: 50, default: [] },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateActivationLinkBody = Static<typeof CreateActivationLinkBody>;

export const ActivationLinkParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ActivationTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const ActivationInvitationSchema = Type.Object(
  {
    kind: LinkKind,
    organizationName: Type.String(),
    recipientEmail: Type.String(),
    language: Language,
    sender: Type.Object({ name: Type.String(), kind: Type.String() }),
    skus: Type.Array(Type.Object({ name: Type.String(), quantity: Type.Integer() })),
    expiresAt: DateTime,
  },
  { $id: 'ActivationInvitation' },
);
export type ActivationInvitation = Static<typeof ActivationInvitationSchema>;

export const OnboardingBody = Type.Object(
  {
    organizationName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    primaryDomain: Type.String({
      maxLength: 253,
      pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$',
    }),
    address: Type.Object(
      {
        line1: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
        city: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
        postalCode: Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' }),
        country: Type.String({ pattern: '^[A-Z]{2}$' }),
      },
      { additionalProperties: false },
    ),
    admin: Type.Object(
      {
        displayName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
        password: Type.String({ minLength: 12, maxLength: 1024 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type OnboardingBody = Static<typeof OnboardingBody>;
