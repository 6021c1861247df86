import * as client from 'openid-client';
import { sha256 } from '../../platform/auth/passwords.ts';

/** What talking to one OpenID Connect provider needs: its issuer and the client registered there. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What an authorization request leaves behind for its callback to check. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

// Discovery (and the provider's keys, which openid-client caches per configuration) is fetched once per issuer and
// client for a few minutes: a sign-in should not cost two extra round trips, and a changed provider is seen soon.
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const REQUEST_TIMEOUT_S = 10;
const configurations = new Map<string, { config: client.Configuration; expiresAt: number }>();

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for the loopback addresses, the only ones where a provider may be reached without TLS (tests, development). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** An issuer URL Relais accepts: https, or http on a loopback address. */
export function isAcceptableIssuer(issuer: string): boolean {
  if (!URL.canParse(issuer)) return false;
  const url = new URL(issuer);
  if (url.search || url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}

/** The provider's configuration for this client, from discovery (cached); openid-client checks the issuer matches. */
export async function configurationFor(settings: OidcClient): Promise<client.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}\n${sha256(settings.clientSecret)}`;
  const now = Date.now();
  const cached = configurations.get(key);
  if (cached && cached.expiresAt > now) return cached.config;

  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:' && isLoopbackUrl(issuer);
  const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    execute: insecure ? [client.allowInsecureRequests] : [],
    timeout: REQUEST_TIMEOUT_S,
  });
  for (const [k, entry] of configurations) if (entry.expiresAt <= now) configurations.delete(k);
  configurations.set(key, { config, expiresAt: now + DISCOVERY_TTL_MS });
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
