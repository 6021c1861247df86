import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import { isAcceptableIssuer, type OidcClient } from './oidc.ts';
import { entraIssuer, presentSsoSettings } from './presenter.ts';
import * as repo from './repository.ts';
import type { OrganizationSso } from './repository.ts';
import type { PutSsoSettingsBody, SsoSettings } from './schemas.ts';

/** True when the organisation's operators must sign in with single sign-on (password sign-in and acceptance: 403). */
export async function ssoRequiredFor(tx: Tx, organizationId: string): Promise<boolean> {
  return repo.requiresSso(tx, organizationId);
}

/**
 * The issuer and client to sign an organisation's operators in with, or null when its single sign-on cannot be used
 * (Entra ID chosen but the deployment has no app registration, or no directory tenant recorded).
 */
export function clientFor(config: Config, sso: OrganizationSso): (OidcClient & { kind: 'entra' | 'oidc' }) | null {
  const { provider, organization } = sso;
  if (provider.kind === 'entra') {
    const tenant = organization.directoryTenantId;
    if (!tenant || !config.ENTRA_CLIENT_ID || !config.ENTRA_CLIENT_SECRET) return null;
    return {
      kind: 'entra',
      issuer: entraIssuer(config, tenant),
      clientId: config.ENTRA_CLIENT_ID,
      clientSecret: config.ENTRA_CLIENT_SECRET,
    };
  }
  if (!provider.issuer || !provider.clientId || !provider.clientSecret) return null;
  return { kind: 'oidc', issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret };
}

export async function getSsoSettings(actor: Actor, config: Config, tx: Tx): Promise<SsoSettings | null> {
  const sso = await repo.findOrganizationSso(tx, actor.organizationId);
  return sso ? presentSsoSettings(config, sso) : null;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

const sameIssuer = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;

/**
 * Sets the organisation's single sign-on. Entra ID records the directory tenant on the organisation (one organisation
 * per tenant). Another provider keeps its client secret when none is sent, but only for the same issuer and client:
 * pointing a kept secret at another server would hand it over. When the issuer changes, the identities bound to the
 * operators are forgotten (they belonged to the previous provider).
 */
export async function putSsoSettings(
  actor: Actor,
  input: PutSsoSettingsBody,
  config: Config,
  context: EventContext,
  now: Date,
  tx: Tx,
): Promise<SsoSettings> {
  const organizationId = actor.organizationId;
  const existing = await repo.findOrganizationSso(tx, organizationId);
  const organization = existing?.organization ?? (await repo.findOrganization(tx, organizationId));
  if (!organization) throw notFound();
  const before = existing ? clientFor(config, existing) : null;
  let secretChanged = false;

  if (input.kind === 'entra') {
    if (!config.ENTRA_CLIENT_ID) {
      throw new AppError('conflict', {
        params: { reason: 'Microsoft Entra ID is not set up on this deployment (ENTRA_CLIENT_ID)' },
      });
    }
    const tenant = input.directoryTenantId.toLowerCase();
    try {
      await repo.setDirectoryTenant(tx, organizationId, tenant, now);
    } catch (err) {
      if (!repo.isUniqueViolation(err)) throw err;
      throw new AppError('conflict', {
        params: { reason: 'this directory tenant is already recorded for another organisation' },
        cause: err,
      });
    }
    await repo.upsertProvider(tx, {
      organizationId,
      kind: 'entra',
      issuer: null,
      clientId: null,
      clientSecret: null,
      required: input.required,
      updatedAt: now,
    });
  } else {
    const issuer = input.issuer.trim();
    if (!isAcceptableIssuer(issuer)) {
      throw invalid('body/issuer', 'must be an https:// address (http:// only on a loopback address)');
    }
    const clientId = input.clientId.trim();
    const keep =
      existing?.provider.kind === 'oidc' &&
      existing.provider.clientId === clientId &&
      sameIssuer(existing.provider.issuer, issuer)
        ? existing.provider.clientSecret
        : null;
    const clientSecret = input.clientSecret ?? keep;
    if (!clientSecret) throw invalid('body/clientSecret', 'is required for a new provider or client');
    secretChanged = input.clientSecret !== undefined;
    await repo.upsertProvider(tx, {
      organizationId,
      kind: 'oidc',
      issuer,
      clientId,
      clientSecret,
      required: input.required,
      updatedAt: now,
    });
  }

  const saved = await repo.findOrganizationSso(tx, organizationId);
  if (!saved) throw new Error('identity provider vanished after its upsert');
  const after = clientFor(config, saved);
  const bindingsReset = sameIssuer(before?.issuer, after?.issuer)
    ? 0
    : await repo.clearBindings(tx, organizationId, now);
  const settings = presentSsoSettings(config, saved);
  await recordEvent(tx, context, {
    action: 'organization.sso_updated',
    organizationId,
    target: { type: 'organization', id: organizationId, label: organization.name },
    changes: {
      kind: settings.kind,
      issuer: settings.issuer,
      clientId: settings.clientId,
      directoryTenantId: settings.directoryTenantId,
      required: settings.required,
      clientSecretChanged: secretChanged,
      bindingsReset,
    },
  });
  return settings;
}

/** Removes the organisation's single sign-on: passwords work again, and bound identities are forgotten. */
export async function removeSsoSettings(actor: Actor, context: EventContext, now: Date, tx: Tx): Promise<void> {
  const existing = await repo.findOrganizationSso(tx, actor.organizationId);
  if (!existing) throw notFound();
  await repo.deleteProvider(tx, actor.organizationId);
  const bindingsReset = await repo.clearBindings(tx, actor.organizationId, now);
  await recordEvent(tx, context, {
    action: 'organization.sso_removed',
    organizationId: actor.organizationId,
    target: { type: 'organization', id: actor.organizationId, label: existing.organization.name },
    changes: { kind: existing.provider.kind, bindingsReset },
  });
}
