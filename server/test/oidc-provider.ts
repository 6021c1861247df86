import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  type Adapter,
  type AdapterFactory,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

/** Who the next sign-in at the provider is, and which claims its ID token carries (they override the defaults). */
export interface LoopbackLogin {
  email: string;
  /** The subject; by default derived from the e-mail, so the same person always gets the same one. */
  sub?: string;
  claims?: Record<string, unknown>;
}

/** A client registered at every issuer of the loopback provider (the same app registration, as with Entra ID). */
export interface LoopbackClient {
  clientId: string;
  clientSecret: string;
}

export interface LoopbackProvider {
  /** `http://127.0.0.1:<port>`: the authority under which the Entra-like tenants live (ENTRA_AUTHORITY). */
  authority: string;
  /** A generic OpenID Connect issuer: `<authority>/oidc`. */
  issuer: string;
  client: LoopbackClient;
  /** The issuer of an emulated Entra ID tenant, `<authority>/<tenantId>/v2.0`; any tenant id answers. */
  tenantIssuer(tenantId: string): string;
  /** How many HTTP requests the provider has received so far (from Relais and from the test's browser alike). */
  requests(): number;
  /** The account the next interaction signs in without showing its form. */
  nextLogin(login: LoopbackLogin): void;
  /** Makes the next ID token misbehave: these claims replace the real ones and the token is signed again. */
  tamperNextIdToken(claims: Record<string, unknown>): void;
  /**
   * Follows an authorization URL like a browser would (redirects, cookies) through the interaction until the
   * provider redirects to an address starting with `stopAt`; answers that address (the client's callback).
   */
  authorize(authorizationUrl: string, stopAt: string): Promise<URL>;
  stop(): Promise<void>;
}

const GENERIC_PREFIX = '/oidc';
const TENANT_PREFIX = /^\/([0-9a-f-]{36})\/v2\.0(?=\/|$)/i;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests: a generic issuer under /oidc and, to emulate
 * Microsoft Entra ID, one issuer per directory tenant under /<tenantId>/v2.0 issuing `tid`, `oid` and
 * `preferred_username`. All issuers share one signing key, as Entra's tenants do, so only the issuer and `tid` tell
 * tenants apart. The interaction signs in the account chosen with nextLogin(), or shows a one-field form (e-mail) that
 * a browser can fill.
 */
export async function startOidcProvider(options: { redirectUris: string[] }): Promise<LoopbackProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const client: LoopbackClient = { clientId: `relais-${randomUUID()}`, clientSecret: randomUUID() };
  const logins = new Map<string, Record<string, unknown>>();
  let queued: LoopbackLogin | undefined;
  let tamper: Record<string, unknown> | undefined;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const providers = new Map<string, Provider>();

  function providerFor(prefix: string): Provider {
    let provider = providers.get(prefix);
    if (provider) return provider;
    const configuration: Configuration = {
      clients: [
        {
          client_id: client.clientId,
          client_secret: client.clientSecret,
          redirect_uris: options.redirectUris,
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      adapter: memoryAdapter(),
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomUUID()] },
      claims: {
        openid: ['sub', 'tid', 'oid'],
        email: ['email', 'email_verified'],
        profile: ['name', 'preferred_username'],
      },
      // Claims of the requested scopes go into the ID token, as Entra ID and most providers do.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => {
        const claims = logins.get(sub);
        return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
      },
    };
    provider = new Provider(`${authority}${prefix}`, configuration);
    provider.use(async (ctx: KoaContextWithOIDC, next) => {
      await next();
      const body: unknown = ctx.body;
      if (ctx.path !== '/token' || !tamper || !body || typeof body !== 'object' || !('id_token' in body)) return;
      const changes = tamper;
      tamper = undefined;
      ctx.body = { ...body, id_token: resign(String(body.id_token), changes, privateKey) };
    });
    providers.set(prefix, provider);
    return provider;
  }

  function defaultClaims(login: LoopbackLogin, tenantId: string | null): Record<string, unknown> {
    const base = { name: login.email.split('@')[0] ?? login.email };
    const claims = tenantId
      ? { ...base, tid: tenantId, oid: uuidFrom(login.email), preferred_username: login.email }
      : { ...base, email: login.email, email_verified: true };
    return { ...claims, ...login.claims };
  }

  async function interaction(
    provider: Provider,
    tenantId: string | null,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    let login = queued;
    if (!login && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const email = form.get('email')?.trim().toLowerCase();
      if (email) login = { email };
    }
    if (!login) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginForm(req.url ?? '/', tenantId));
      return;
    }
    queued = undefined;
    const sub = login.sub ?? `sub-${uuidFrom(`${tenantId ?? 'oidc'}:${login.email}`)}`;
    logins.set(sub, defaultClaims(login, tenantId));
    const grant = new provider.Grant({ accountId: sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  let received = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    received++;
    const url = req.url ?? '/';
    const tenant = TENANT_PREFIX.exec(url);
    const prefix = tenant ? tenant[0] : url.startsWith(`${GENERIC_PREFIX}/`) ? GENERIC_PREFIX : null;
    if (!prefix) {
      res.writeHead(404).end();
      return;
    }
    const tenantId = tenant?.[1]?.toLowerCase() ?? null;
    const provider = providerFor(prefix);
    if (url.startsWith(`${prefix}/interaction/`)) {
      interaction(provider, tenantId, req, res).catch((error: unknown) => {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      });
      return;
    }
    // Mounted under a path: oidc-provider reads its mount path from originalUrl minus url (as under Express).
    Object.assign(req, { originalUrl: url, url: url.slice(prefix.length) || '/' });
    void provider.callback()(req, res);
  });

  return {
    authority,
    issuer: `${authority}${GENERIC_PREFIX}`,
    client,
    tenantIssuer: (tenantId) => `${authority}/${tenantId}/v2.0`,
    requests: () => received,
    nextLogin: (login) => {
      queued = login;
    },
    tamperNextIdToken: (claims) => {
      tamper = claims;
    },
    authorize: async (authorizationUrl, stopAt) => {
      const jar = new Map<string, string>();
      let next = new URL(authorizationUrl);
      for (let hop = 0; hop < 20; hop++) {
        if (next.href.startsWith(stopAt)) return next;
        const response = await fetch(next, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          const name = pair.slice(0, at).trim();
          const value = pair.slice(at + 1).trim();
          if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
          else jar.set(name, value);
        }
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) {
          throw new Error(`the provider stopped at ${next.href}: ${String(response.status)} ${await response.text()}`);
        }
        await response.body?.cancel();
        next = new URL(location, next);
      }
      throw new Error('too many redirects at the provider');
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The provider's sessions, interactions, grants and codes, kept for the life of the test (one store per issuer). */
function memoryAdapter(): AdapterFactory {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const byUid = new Map<string, string>();
  const live = (key: string | undefined) => {
    const entry = key === undefined ? undefined : store.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  };
  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn = 3600) => {
        store.set(keyOf(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
        if (payload.uid) byUid.set(payload.uid, keyOf(id));
      },
      find: async (id) => live(keyOf(id)),
      findByUid: async (uid) => live(byUid.get(uid)),
      findByUserCode: async () => undefined,
      // A consumed authorization code stays, marked: presenting it again is how oidc-provider detects a replay.
      consume: async (id) => {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        store.delete(keyOf(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
      },
    };
  };
}

/** A stable UUID-shaped identifier derived from a text (Entra's `oid`, a default subject). */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A misbehaving provider's ID token: the real one with some claims replaced, validly signed by the issuer's key. */
function resign(idToken: string, changes: Record<string, unknown>, key: KeyObject): string {
  const [header = '', payload = ''] = idToken.split('.');
  const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object), ...changes };
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function loginForm(action: string, tenantId: string | null): string {
  const title = tenantId ? `Loopback Entra ID tenant ${tenantId}` : 'Loopback identity provider';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
<form method="post" action="${escapeHtml(action)}">
<label for="email">E-mail</label> <input id="email" name="email" type="email" autocomplete="username" required>
<button type="submit">Continue</button>
</form></main></body></html>`;
}
