/** An organisation's single sign-on, as GET /organization/sso answers it (the client secret is never sent back). */
export interface SsoSettings {
  kind: 'entra' | 'oidc';
  issuer: string | null;
  clientId: string | null;
  hasClientSecret: boolean;
  directoryTenantId: string | null;
  required: boolean;
  redirectUri: string;
}

export type SsoSettingsInput =
  | { kind: 'entra'; directoryTenantId: string; required: boolean }
  | { kind: 'oidc'; issuer: string; clientId: string; clientSecret?: string; required: boolean };

/** The codes the callback sends people back to /sign-in with (`?sso=<code>`). */
export const SSO_SIGN_IN_CODES = ['sso_failed', 'sso_unavailable', 'sso_required'] as const;
export type SsoSignInCode = (typeof SSO_SIGN_IN_CODES)[number];

export function isSsoSignInCode(value: string | null): value is SsoSignInCode {
  return (SSO_SIGN_IN_CODES as readonly (string | null)[]).includes(value);
}
