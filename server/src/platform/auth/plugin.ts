import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/tenancy/actor.ts';
import { makeActor } from '../../core/tenancy/actor.ts';
import type { Permission } from '../../core/tenancy/roles.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppDeps } from '../deps.ts';
import { unsafeSystemStatement } from '../db/scope.ts';
import { sha256 } from './passwords.ts';
import { SessionCache } from './session-cache.ts';
import { findSessionActor, findTokenActor, touchSession, touchToken } from './repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /**
     * Set when the actor was taken from the session cache: the session must still be confirmed, which the request's
     * scoped transaction does in its first statement (request-scope.ts), falling back to reauthenticate().
     */
    sessionToConfirm: { cacheKey: string } | null;
    /** Looks the session up again (not from the cache) and re-checks the route's permission. */
    reauthenticate(): Promise<Actor>;
  }
  interface FastifyContextConfig {
    /** The permission a route needs. Every /api/v1 route declares one, or `public: true`. */
    permission?: Permission;
    public?: boolean;
    /**
     * A public write that ends with a session in this browser (sign-in, accepting an invitation or an activation
     * link, starting single sign-on): refused from a foreign Origin, so that no other site can sign a browser into an
     * account (login CSRF). A request without Origin is a script's, which has no browser to sign in.
     */
    signsIn?: boolean;
    /**
     * A GET route that touches data only through request.scoped() may take a session's actor from the cache, since
     * its transaction confirms the session before any work: one round trip fewer on the hottest reads (the channel
     * lists). A route that uses the actor outside scoped() must not declare it.
     */
    sessionConfirmedInTransaction?: boolean;
  }
}

export const SESSION_COOKIE = 'relais_session';
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** What a session must satisfy at `now` to stand: used by the lookup and by the in-transaction confirmation. */
export function sessionWindow(now: Date): { at: Date; idleSince: Date } {
  return { at: now, idleSince: new Date(now.getTime() - SESSION_IDLE_MS) };
}
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
// Touching last_seen_at on every request would make every read a write; a minute's precision is plenty.
const TOUCH_EVERY_MS = 60 * 1000;
// A cached session is looked up again after a minute anyway, so that the touch above still happens.
const SESSION_CACHE_AGE_MS = TOUCH_EVERY_MS;
const SESSION_CACHE_ENTRIES = 10_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Authenticates every request (cookie or bearer), then enforces the route's declared permission and CSRF rule. */
export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  const publicOrigin = new URL(deps.config.PUBLIC_URL).origin;

  const cache = new SessionCache(SESSION_CACHE_ENTRIES, SESSION_CACHE_AGE_MS);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToConfirm', null);
  app.decorateRequest('reauthenticate', async function reauthenticate(this: FastifyRequest) {
    if (this.sessionToConfirm) cache.delete(this.sessionToConfirm.cacheKey);
    this.sessionToConfirm = null;
    this.actor = await authenticate(this, deps, cache);
    return authorize(this);
  });

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const config = route.config;
    if (url.startsWith('/api/v1') && !config?.permission && !config?.public) {
      throw new Error(`Route ${String(route.method)} ${url} declares no permission`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const mayUseCache = config.sessionConfirmedInTransaction === true && request.method === 'GET';
    request.actor = await authenticate(request, deps, mayUseCache ? cache : null);
    if (request.actor?.via.kind === 'session' && UNSAFE.has(request.method) && !sameOrigin(request, publicOrigin)) {
      throw new AppError('csrf_rejected');
    }
    if (config.signsIn && request.headers.origin && !sameOrigin(request, publicOrigin)) {
      throw new AppError('csrf_rejected');
    }
    if (config.public) return;
    if (!config.permission) return; // routes outside /api/v1 (health, docs, the web app)
    // A cached actor may lack a role granted since: look again before refusing.
    if (request.sessionToConfirm && !request.actor?.permissions.has(config.permission)) {
      await request.reauthenticate();
      return;
    }
    authorize(request);
  });
}

/** The request's actor, if it holds the route's permission. */
function authorize(request: FastifyRequest): Actor {
  const permission = request.routeOptions.config.permission;
  if (!request.actor) throw new AppError('unauthenticated');
  if (permission && !request.actor.permissions.has(permission)) throw new AppError('forbidden');
  return request.actor;
}

/** A browser's unsafe request is accepted only from the application's own origin. */
export function sameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin) return origin === publicOrigin;
  return request.headers['sec-fetch-site'] === 'same-origin';
}

/**
 * The actor of the request's bearer token or session cookie. With a cache (routes that confirm the session in their
 * transaction), a session looked up in the last minute is taken from it and marked to be confirmed; every lookup
 * that finds a session refreshes the cache.
 */
async function authenticate(request: FastifyRequest, deps: AppDeps, cache: SessionCache | null): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  const now = deps.clock();
  if (authorization?.startsWith('Bearer ')) {
    const hash = sha256(authorization.slice('Bearer '.length).trim());
    const row = await unsafeSystemStatement(deps.database.db, (db) => findTokenActor(db, hash, now));
    if (!row) throw new AppError('unauthenticated');
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await unsafeSystemStatement(deps.database.db, (db) => touchToken(db, row.tokenId, now));
    }
    return makeActor({ ...row, via: { kind: 'token', id: row.tokenId } });
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  // The cache is keyed by the signed cookie as sent: an entry is made only once its signature has been checked and
  // its session found, so a hit needs neither the signature's HMAC nor the token's hash again.
  const cached = cache?.get(cookie, now);
  if (cached) {
    request.sessionToConfirm = { cacheKey: cookie };
    return cached;
  }
  const unsigned = request.unsignCookie(cookie);
  if (!unsigned.valid || !unsigned.value) return null;
  const hash = sha256(unsigned.value);
  const { idleSince } = sessionWindow(now);
  const row = await unsafeSystemStatement(deps.database.db, (db) => findSessionActor(db, hash, now, idleSince));
  if (!row) {
    cache?.delete(cookie);
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await unsafeSystemStatement(deps.database.db, (db) => touchSession(db, row.sessionId, now));
  }
  const actor = makeActor({ ...row, via: { kind: 'session', id: row.sessionId } });
  cache?.set(cookie, actor, now);
  return actor;
}

/** The actor of a route that declared a permission: present by construction of the hook above. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
