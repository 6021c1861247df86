import type { Config } from '../../config.ts';
import type { OrganizationSso } from './repository.ts';
import type { SsoSettings, StartSsoAnswer } from './schemas.ts';

/** The address the identity provider sends people back to; Admins register it there. */
export function redirectUriOf(config: Pick<Config, 'PUBLIC_URL'>): string {
  return `${config.PUBLIC_URL}/api/v1/auth/sso/callback`;
}

/** The issuer of an Entra ID directory tenant: the only one whose tokens an organisation with that tenant accepts. */
export function entraIssuer(config: Pick<Config, 'ENTRA_AUTHORITY'>, tenantId: string): string {
  return `${config.ENTRA_AUTHORITY}/${tenantId.toLowerCase()}/v2.0`;
}

/** What an Admin sees of the organisation's single sign-on: never the client secret, only whether there is one. */
export function presentSsoSettings(config: Config, sso: OrganizationSso): SsoSettings {
  const { provider, organization } = sso;
  const common = { required: provider.required, redirectUri: redirectUriOf(config) };
  if (provider.kind === 'entra') {
    const tenant = organization.directoryTenantId;
    return {
      kind: 'entra',
      issuer: tenant ? entraIssuer(config, tenant) : null,
      clientId: config.ENTRA_CLIENT_ID ?? null,
      hasClientSecret: Boolean(config.ENTRA_CLIENT_SECRET),
      directoryTenantId: tenant,
      ...common,
    };
  }
  return {
    kind: 'oidc',
    issuer: provider.issuer,
    clientId: provider.clientId,
    hasClientSecret: provider.clientSecret !== null,
    directoryTenantId: null,
    ...common,
  };
}

/** Where the browser goes to sign in: the provider's address, built from the stored discovery document. */
export function presentSsoStart(redirectUrl: string): StartSsoAnswer {
  return { redirectUrl };
}
