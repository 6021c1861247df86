import Type, { type Static } from 'typebox';
import { Collection } from '../../platform/http/pagination.ts';
import { DateTime, NullableDateTime, unbounded, Uuid } from '../../platform/http/schemas.ts';

// rls_ and 43 characters of base64url (32 random bytes); the prefix shown is its first 10 characters.
const TOKEN_LENGTH = 'rls_'.length + 43;
const NAME_MAX_LENGTH = 100;

export const ApiTokenSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: NAME_MAX_LENGTH }),
    prefix: Type.String({ maxLength: 10 }),
    createdAt: DateTime,
    lastUsedAt: NullableDateTime,
    expiresAt: NullableDateTime,
  },
  { $id: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreatedApiTokenSchema = Type.Object(
  {
    ...ApiTokenSchema.properties,
    token: Type.String({ minLength: TOKEN_LENGTH, maxLength: TOKEN_LENGTH, description: 'The secret, shown once' }),
  },
  { $id: 'CreatedApiToken' },
);
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>;

export const ApiTokenCollection = Collection(
  ApiTokenSchema,
  'ApiToken',
  unbounded('Every active token of the caller, not paged: their number is not capped'),
);
export type ApiTokenCollection = Static<typeof ApiTokenCollection>;

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    expiresInDays: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 365 })),
  },
  { additionalProperties: false },
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;

export const ApiTokenParams = Type.Object({ id: Uuid });
