import type { SystemTx } from '../../platform/db/scope.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Config } from '../../config.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import type { Resolver } from '../../platform/http/outbound.ts';
import {
  DiscoveryError,
  discover,
  isAcceptableIssuer,
  ssoOutboundPolicy,
  type OidcClient,
  type ProviderMetadata,
} from './oidc.ts';
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

export async function getSsoSettings(
  { actor, tx }: ServiceContext,
  { config }: { config: Config },
): Promise<SsoSettings | null> {
  const sso = await repo.findOrganizationSso(tx, actor.organizationId);
  return sso ? presentSsoSettings(config, sso) : null;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

const sameIssuer = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;

/** The issuer an organisation's single sign-on signs in with, whether or not it can be used (no client). */
export function issuerFor(config: Config, sso: OrganizationSso): string | null {
  if (sso.provider.kind === 'entra') {
    const tenant = sso.organization.directoryTenantId;
    return tenant ? entraIssuer(config, tenant) : null;
  }
  return sso.provider.issuer;
}

/**
 * The stored discovery document, if it is the current issuer's: what a sign-in builds its requests from. Null until
 * the Admin's save or the background task has fetched it (settings saved before migration 0008).
 */
export function discoveryFor(sso: OrganizationSso, client: OidcClient): ProviderMetadata | null {
  const { discovery, discoveryIssuer } = sso.provider;
  return discovery && discoveryIssuer === client.issuer ? discovery : null;
}

/** Discovery documents are fetched again daily, and an hour after a failed attempt. */
export const DISCOVERY_REFRESH_MS = 24 * 60 * 60 * 1000;
export const DISCOVERY_RETRY_MS = 60 * 60 * 1000;

type Plan =
  | { kind: 'entra'; issuer: string; tenant: string }
  | { kind: 'oidc'; issuer: string; clientId: string; clientSecret: string; secretChanged: boolean };

/** Checks the settings as far as no request is needed, and answers what they will be. */
function planFor(input: PutSsoSettingsBody, config: Config, existing: OrganizationSso | undefined): Plan {
  if (input.kind === 'entra') {
    if (!config.ENTRA_CLIENT_ID) {
      throw conflict('entra_not_configured');
    }
    const tenant = input.directoryTenantId.toLowerCase();
    return { kind: 'entra', issuer: entraIssuer(config, tenant), tenant };
  }
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
  return { kind: 'oidc', issuer, clientId, clientSecret, secretChanged: input.clientSecret !== undefined };
}

/** A provider's validated discovery document, fetched for an Admin's save. */
export interface Discovered {
  issuer: string;
  metadata: ProviderMetadata;
}

/**
 * First step of a save, in the Admin's transaction: checks the settings (no request) and answers the issuer whose
 * discovery document they need.
 */
export async function ssoSettingsIssuer(
  { actor, tx }: ServiceContext,
  { body, config }: { body: PutSsoSettingsBody; config: Config },
): Promise<string> {
  return planFor(body, config, await repo.findOrganizationSso(tx, actor.organizationId)).issuer;
}

/**
 * Second step, outside any transaction (it waits on the network): fetches and validates the issuer's discovery
 * document through the outbound guard. A refused address is 422 sso_address_refused (nothing was sent there); an
 * unreachable provider, or a document that is not valid or has an endpoint that is not https:, 422
 * sso_discovery_failed.
 */
export async function discoverForSettings(
  config: Config,
  kind: PutSsoSettingsBody['kind'],
  issuer: string,
  resolve?: Resolver,
): Promise<Discovered> {
  try {
    return { issuer, metadata: await discover(issuer, ssoOutboundPolicy(config, resolve)) };
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    const path = kind === 'entra' ? 'body/directoryTenantId' : 'body/issuer';
    const options = {
      internal: `discovery of ${issuer} refused: ${err.message}`,
      extensions: { errors: [{ path, message: err.message }] },
      cause: err,
    };
    if (err.refused) {
      throw new AppError('sso_address_refused', { ...options, params: { host: err.host, reason: err.message } });
    }
    throw new AppError('sso_discovery_failed', { ...options, params: { issuer, reason: err.message } });
  }
}

/**
 * Sets the organisation's single sign-on, with the discovery document discoverForSettings fetched. Entra ID records
 * the directory tenant on the organisation (one organisation per tenant). Another provider keeps its client secret
 * when none is sent, but only for the same issuer and client: pointing a kept secret at another server would hand it
 * over. When the issuer changes, the identities bound to the operators are forgotten (they belonged to the previous
 * provider).
 */
export async function putSsoSettings(
  { actor, now, tx, events: context }: ServiceContext,
  { body: input, discovered, config }: { body: PutSsoSettingsBody; discovered: Discovered; config: Config },
): Promise<SsoSettings> {
  const organizationId = actor.organizationId;
  const existing = await repo.findOrganizationSso(tx, organizationId);
  const organization = existing?.organization ?? (await repo.findOrganization(tx, organizationId));
  if (!organization) throw notFound();
  const before = existing ? clientFor(config, existing) : null;
  const plan = planFor(input, config, existing);
  // The plan follows from the input and the configuration alone: the same as when the document was fetched.
  if (plan.issuer !== discovered.issuer) throw new Error("the discovered issuer is not the settings' issuer");
  const discovery = {
    discovery: discovered.metadata,
    discoveryIssuer: discovered.issuer,
    discoveredAt: now,
    discoveryDueAt: new Date(now.getTime() + DISCOVERY_REFRESH_MS),
  };

  if (plan.kind === 'entra') {
    try {
      await repo.setDirectoryTenant(tx, organizationId, plan.tenant, now);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw conflict('directory_tenant_taken', {}, { cause: err });
    }
    await repo.upsertProvider(tx, {
      organizationId,
      kind: 'entra',
      issuer: null,
      clientId: null,
      clientSecret: null,
      required: input.required,
      updatedAt: now,
      ...discovery,
    });
  } else {
    await repo.upsertProvider(tx, {
      organizationId,
      kind: 'oidc',
      issuer: plan.issuer,
      clientId: plan.clientId,
      clientSecret: plan.clientSecret,
      required: input.required,
      updatedAt: now,
      ...discovery,
    });
  }
  const secretChanged = plan.kind === 'oidc' && plan.secretChanged;

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
export async function removeSsoSettings({ actor, now, tx, events: context }: ServiceContext): Promise<void> {
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

/**
 * What single sign-on needs of the operators' invitations — the sign-in an invitation link starts, and the pending
 * operator it activates — implemented by features/operators and handed to ssoRoutes in app.ts. Single sign-on does
 * not import operators: operators asks single sign-on whether an organisation requires it, and a folder may not be
 * on both ends of an import.
 */
export interface SsoInvitations {
  /** The invitation behind a presented link, before anyone is signed in; 404 / 410 as the invitation page. */
  usable(
    tx: SystemTx,
    token: string,
    now: Date,
  ): Promise<{ organization: { id: string }; invitation: { id: string }; user: { email: string } }>;
  /** The open (not accepted, not expired) invitation of a pending operator, if any. */
  openFor(tx: SystemTx, userId: string, now: Date): Promise<string | null>;
  /** The pending operator accepts their invitation through single sign-on. */
  activate(
    tx: SystemTx,
    operator: { userId: string; email: string; organizationId: string; invitationId: string; displayName: string },
    meta: { via: 'sso'; requestId: string },
    now: Date,
  ): Promise<void>;
}

/** Whether an organisation's operators can sign in through single sign-on, and whether they must. */
export async function ssoOptionsFor(config: Config, tx: Tx, organizationId: string) {
  const settings = await repo.findOrganizationSso(tx, organizationId);
  return {
    available: settings !== undefined && clientFor(config, settings) !== null,
    required: await ssoRequiredFor(tx, organizationId),
  };
}
