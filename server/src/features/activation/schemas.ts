import Type, { type Static } from 'typebox';
import { LINK_TOKEN_LENGTH } from '../../platform/auth/link-token.ts';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import {
  CountryCode,
  DateTime,
  EmailAddress,
  Int32,
  Name,
  NullableDateTime,
  OneOf,
  PublicUrl,
  Uuid,
} from '../../platform/http/schemas.ts';
import { organizationKinds } from '../../core/tenancy/tables.ts';

const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
const LinkKind = Type.Union([Type.Literal('customer'), Type.Literal('partner')]);
const LinkStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('used'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type ActivationLinkStatus = Static<typeof LinkStatus>;
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });
const Quantity = Int32(1, 1_000_000);
const SKUS_MAX_ITEMS = 50;

export const ActivationLinkSchema = Type.Object(
  {
    id: Uuid,
    kind: LinkKind,
    organizationName: Name,
    recipientEmail: EmailAddress,
    language: Language,
    skus: Type.Array(Type.Object({ skuId: Uuid, name: Name, quantity: Quantity }), { maxItems: SKUS_MAX_ITEMS }),
    status: LinkStatus,
    url: Type.Union([
      PublicUrl('/activate/'.length + LINK_TOKEN_LENGTH, {
        description: 'The signed link to copy; pending links only',
      }),
      Type.Null(),
    ]),
    expiresAt: DateTime,
    createdAt: DateTime,
    lastSentAt: DateTime,
    sendCount: Int32(1),
    usedAt: NullableDateTime,
    usedOrganization: Type.Union([Type.Object({ id: Uuid, name: Name }), Type.Null()]),
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
      Type.Array(Type.Object({ skuId: Uuid, quantity: Quantity }, { additionalProperties: false }), {
        maxItems: SKUS_MAX_ITEMS,
        default: [],
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateActivationLinkBody = Static<typeof CreateActivationLinkBody>;

export const ActivationLinkParams = Type.Object({ id: Uuid });

export const ActivationTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const ActivationInvitationSchema = Type.Object(
  {
    kind: LinkKind,
    organizationName: Name,
    recipientEmail: EmailAddress,
    language: Language,
    sender: Type.Object({ name: Name, kind: OneOf(organizationKinds) }),
    skus: Type.Array(Type.Object({ name: Name, quantity: Quantity }), { maxItems: SKUS_MAX_ITEMS }),
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
        country: CountryCode,
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
