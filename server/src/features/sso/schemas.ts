import Type, { type Static } from 'typebox';
import { PublicUrl, unbounded, Uuid } from '../../platform/http/schemas.ts';

const Kind = Type.Union([Type.Literal('entra'), Type.Literal('oidc')]);
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' });
// An issuer or a client id typed by an Admin; Entra's (ENTRA_AUTHORITY/<tenant>/v2.0, ENTRA_CLIENT_ID) are bounded
// to fit in config.ts.
const OIDC_TEXT_MAX_LENGTH = 500;

/** An organisation's single sign-on as its Admins see it; the client secret is never returned. */
export const SsoSettingsSchema = Type.Object(
  {
    kind: Kind,
    issuer: Type.Union([Type.String({ maxLength: OIDC_TEXT_MAX_LENGTH }), Type.Null()], {
      description: 'For entra, derived from the directory tenant id',
    }),
    clientId: Type.Union([Type.String({ maxLength: OIDC_TEXT_MAX_LENGTH }), Type.Null()], {
      description: "For entra, the deployment's app registration (ENTRA_CLIENT_ID)",
    }),
    hasClientSecret: Type.Boolean(),
    directoryTenantId: Type.Union([Uuid, Type.Null()]),
    required: Type.Boolean({ description: 'Operators may not sign in with a password' }),
    redirectUri: PublicUrl('/api/v1/auth/sso/callback'.length, { description: 'To register at the identity provider' }),
  },
  { $id: 'SsoSettings' },
);
export type SsoSettings = Static<typeof SsoSettingsSchema>;

export const PutSsoSettingsBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('entra'),
      directoryTenantId: Uuid,
      required: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('oidc'),
      issuer: Type.String({ minLength: 1, maxLength: OIDC_TEXT_MAX_LENGTH }),
      clientId: Type.String({ minLength: 1, maxLength: OIDC_TEXT_MAX_LENGTH }),
      clientSecret: Type.Optional(
        Type.String({ minLength: 1, maxLength: 2000, description: 'Omit on an update to keep the current one' }),
      ),
      required: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
]);
export type PutSsoSettingsBody = Static<typeof PutSsoSettingsBody>;

export const StartSsoBody = Type.Union([
  Type.Object({ email: Email }, { additionalProperties: false }),
  Type.Object({ invitation: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
]);
export type StartSsoBody = Static<typeof StartSsoBody>;

export const StartSsoAnswer = Type.Object({
  redirectUrl: Type.String({
    description: "The identity provider's authorization address",
    ...unbounded("The authorization endpoint of the provider's discovery document, with the request's parameters"),
  }),
});
export type StartSsoAnswer = Static<typeof StartSsoAnswer>;

// Whatever the provider sends, the callback answers with a redirect, never a validation error: nothing is constrained
// here, openid-client reads and checks the parameters.
export const SsoCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.Unknown({ description: 'The authorization code' })),
    state: Type.Optional(Type.Unknown({ description: 'The state of the authorization request' })),
    iss: Type.Optional(Type.Unknown({ description: 'The issuer (RFC 9207)' })),
    error: Type.Optional(Type.Unknown({ description: "The provider's refusal, if any" })),
  },
  { additionalProperties: true },
);
