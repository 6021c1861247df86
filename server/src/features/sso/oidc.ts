import * as client from 'openid-client';
import type { Config } from '../../config.ts';
import { sha256 } from '../../platform/auth/passwords.ts';
import {
  bareHost,
  checkScheme,
  isLoopbackHost,
  OutboundRefused,
  outboundFetch,
  parseAllowList,
  systemResolver,
  vetHost,
  type OutboundPolicy,
  type Resolver,
} from '../../platform/http/outbound.ts';

/** What talking to one OpenID Connect provider needs: its issuer and the client registered there. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** A provider's discovery document as validated when it was fetched, kept in `identity_providers.discovery`. */
export type ProviderMetadata = client.ServerMetadata;

/** What an authorization request leaves behind for its callback to check. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Discovery could not give a usable provider. `refused`: an address Relais does not contact (nothing was sent
 * there); otherwise unreachable, not an OpenID Connect provider, or a document with unusable endpoints.
 */
export class DiscoveryError extends Error {
  constructor(
    readonly refused: boolean,
    readonly host: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'DiscoveryError';
  }
}

const REQUEST_LIMITS = { timeoutMs: 10_000, maxBytes: 512 * 1024 };

const policies = new WeakMap<object, OutboundPolicy>();

/** Where single sign-on's outbound requests may go, from SSO_ALLOWED_HOSTS and SSO_ALLOW_LOOPBACK (one per app). */
export function ssoOutboundPolicy(
  config: Pick<Config, 'SSO_ALLOWED_HOSTS' | 'SSO_ALLOW_LOOPBACK'>,
  resolve: Resolver = systemResolver,
): OutboundPolicy {
  const known = policies.get(config);
  if (known?.resolve === resolve) return known;
  const policy = {
    allowLoopback: config.SSO_ALLOW_LOOPBACK === 'on',
    allowList: parseAllowList(config.SSO_ALLOWED_HOSTS),
    resolve,
  };
  policies.set(config, policy);
  return policy;
}

/** An issuer URL Relais accepts: https, or http on a loopback address. */
export function isAcceptableIssuer(issuer: string): boolean {
  if (!URL.canParse(issuer)) return false;
  const url = new URL(issuer);
  if (url.search || url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const insecure = (url: URL, policy: OutboundPolicy) =>
  url.protocol === 'http:' && policy.allowLoopback && isLoopbackHost(url.hostname);

// The endpoints the server itself requests; the others (the authorization endpoint…) only the browser visits.
const FETCHED = ['token_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const;
const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

/** Every address-valued member of a discovery document: `…_endpoint`, `…_uri`, the session iframe, mTLS aliases. */
function addressesOf(metadata: ProviderMetadata): [string, unknown][] {
  const entries: [string, unknown][] = Object.entries(metadata).filter(
    ([key]) => key.endsWith('_endpoint') || key.endsWith('_uri') || key === 'check_session_iframe',
  );
  const aliases: unknown = metadata.mtls_endpoint_aliases;
  if (aliases !== undefined) {
    if (!aliases || typeof aliases !== 'object') entries.push(['mtls_endpoint_aliases', aliases]);
    else for (const [key, value] of Object.entries(aliases)) entries.push([`mtls_endpoint_aliases.${key}`, value]);
  }
  return entries;
}

/** A document whose endpoints are https: URLs (a `javascript:` or `data:` one is refused) on addresses allowed. */
async function checkEndpoints(metadata: ProviderMetadata, policy: OutboundPolicy, host: string): Promise<void> {
  for (const key of REQUIRED) {
    if (metadata[key] === undefined) throw new DiscoveryError(false, host, `the discovery document has no ${key}`);
  }
  for (const [key, value] of addressesOf(metadata)) {
    if (typeof value !== 'string' || !URL.canParse(value)) {
      throw new DiscoveryError(false, host, `${key} is not a URL`);
    }
    try {
      checkScheme(new URL(value), policy);
    } catch (cause) {
      throw new DiscoveryError(false, host, `${key} is not an https:// address`, { cause });
    }
  }
  for (const key of FETCHED) {
    const value = metadata[key];
    if (typeof value !== 'string') continue;
    const endpoint = new URL(value);
    try {
      await vetHost(endpoint.hostname, policy);
    } catch (cause) {
      throw failure(cause, bareHost(endpoint.hostname), key);
    }
  }
}

function failure(cause: unknown, host: string, what: string): DiscoveryError {
  for (let e = cause; e instanceof Error; e = e.cause) {
    if (e instanceof OutboundRefused) return new DiscoveryError(true, e.host, e.reason, { cause });
  }
  const messages: string[] = [];
  for (let e = cause; e instanceof Error && messages.length < 3; e = e.cause) messages.push(e.message);
  return new DiscoveryError(false, host, `${what}: ${messages.join(': ') || String(cause)}`, { cause });
}

/**
 * Fetches and validates an issuer's discovery document (openid-client checks it declares that issuer), through the
 * outbound guard: the issuer and every endpoint the server will request must be on allowed addresses, every endpoint
 * an https: URL. What the Admin's save and the background refresh call; never a sign-in.
 */
export async function discover(issuer: string, policy: OutboundPolicy): Promise<ProviderMetadata> {
  const url = new URL(issuer);
  const host = bareHost(url.hostname);
  try {
    checkScheme(url, policy);
    await vetHost(url.hostname, policy);
  } catch (cause) {
    throw failure(cause, host, 'issuer');
  }
  let config;
  try {
    // The client does not take part in discovery; only the document is kept.
    config = await client.discovery(url, 'relais', undefined, undefined, {
      [client.customFetch]: outboundFetch(policy, REQUEST_LIMITS),
      execute: insecure(url, policy) ? [client.allowInsecureRequests] : [],
      timeout: REQUEST_LIMITS.timeoutMs / 1000,
    });
  } catch (cause) {
    throw failure(cause, host, 'discovery');
  }
  const metadata = config.serverMetadata();
  await checkEndpoints(metadata, policy, host);
  return JSON.parse(JSON.stringify(metadata)) as ProviderMetadata;
}

// A configuration keeps the provider's keys once fetched (openid-client caches them per instance): one per policy,
// provider, client and stored document, for a few minutes, so that a sign-in does not fetch the keys again.
const CONFIGURATION_TTL_MS = 5 * 60 * 1000;
const cachedConfigurations = new WeakMap<
  OutboundPolicy,
  Map<string, { config: client.Configuration; expiresAt: number }>
>();

/**
 * The provider's configuration for this client, from its stored discovery document: no request. Those the
 * configuration makes later (token, keys) go through the outbound guard again.
 */
export function configurationFrom(
  metadata: ProviderMetadata,
  settings: OidcClient,
  policy: OutboundPolicy,
): client.Configuration {
  const document = JSON.stringify(metadata);
  const key = [settings.issuer, settings.clientId, sha256(settings.clientSecret), sha256(document)].join('\n');
  const now = Date.now();
  let configurations = cachedConfigurations.get(policy);
  if (!configurations) {
    configurations = new Map<string, { config: client.Configuration; expiresAt: number }>();
    cachedConfigurations.set(policy, configurations);
  }
  const cached = configurations.get(key);
  if (cached && cached.expiresAt > now) return cached.config;

  const config = new client.Configuration(
    JSON.parse(document) as ProviderMetadata,
    settings.clientId,
    settings.clientSecret,
  );
  config[client.customFetch] = outboundFetch(policy, REQUEST_LIMITS);
  config.timeout = REQUEST_LIMITS.timeoutMs / 1000;
  if (insecure(new URL(metadata.issuer), policy)) client.allowInsecureRequests(config);
  for (const [k, entry] of configurations) if (entry.expiresAt <= now) configurations.delete(k);
  configurations.set(key, { config, expiresAt: now + CONFIGURATION_TTL_MS });
  return config;
}

/** The issuer the discovery document declared (openid-client has already checked it against the URL asked). */
export function issuerOf(config: client.Configuration): string {
  return config.serverMetadata().issuer;
}

/** Starts an authorization code flow with PKCE (S256), a fresh state and a fresh nonce. */
export async function authorizationRequest(
  config: client.Configuration,
  options: { redirectUri: string; loginHint?: string | undefined },
): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (options.loginHint) parameters.login_hint = options.loginHint;
  return { url: client.buildAuthorizationUrl(config, parameters), state, nonce, codeVerifier };
}

/**
 * Redeems the code of a callback and answers the ID token's claims, once openid-client has checked the response's
 * state and issuer, the token's signature, issuer, audience, expiry and nonce, and sent the PKCE verifier. The
 * callback URL must be the registered redirect URI plus the response's query: openid-client sends it without the query
 * as the token request's redirect_uri.
 */
export async function redeemCode(
  config: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<client.IDToken> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the token response has no ID token');
  return claims;
}
