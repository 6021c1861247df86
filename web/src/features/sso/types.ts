import type { RequestBody, ResponseBody, Schema } from '../../api/types';

/** An organisation's single sign-on, as GET /organization/sso answers it (the client secret is never sent back). */
export type SsoSettings = Schema<'SsoSettings'>;

export type SsoSettingsInput = RequestBody<'/api/v1/organization/sso', 'put'>;

/** What POST /auth/sso/start answers: the identity provider's address to send the browser to. */
export type SsoStart = ResponseBody<'/api/v1/auth/sso/start', 'post'>;

/** The codes the callback sends people back to /sign-in with (`?sso=<code>`). */
export const SSO_SIGN_IN_CODES = ['sso_failed', 'sso_unavailable', 'sso_required'] as const;
export type SsoSignInCode = (typeof SSO_SIGN_IN_CODES)[number];

export function isSsoSignInCode(value: string | null): value is SsoSignInCode {
  return (SSO_SIGN_IN_CODES as readonly (string | null)[]).includes(value);
}
