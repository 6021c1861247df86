import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { makeActor } from '../access/actor.ts';
import type { Permission } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppDeps } from '../deps.ts';
import { unsafeSystemStatement } from '../db/scope.ts';
import { sha256 } from './passwords.ts';
import { unsafeFindSessionActor, unsafeFindTokenActor, unsafeTouchSession, unsafeTouchToken } from './repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The permission a route needs. Every /api/v1 route declares one, or `public: true`. */
    permission?: Permission;
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'relais_session';
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
// Touching last_seen_at on every request would make every read a write; a minute's precision is plenty.
const TOUCH_EVERY_MS = 60 * 1000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Authenticates every request (cookie or bearer), then enforces the route's declared permission and CSRF rule. */
export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  const publicOrigin = new URL(deps.config.PUBLIC_URL).origin;

  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const config = route.config;
    if (url.startsWith('/api/v1') && !config?.permission && !config?.public) {
      throw new Error(`Route ${String(route.method)} ${url} declares no permission`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    request.actor = await authenticate(request, deps);
    if (request.actor?.via.kind === 'session' && UNSAFE.has(request.method) && !sameOrigin(request, publicOrigin)) {
      throw new AppError('csrf_rejected');
    }
    if (config.public) return;
    if (!config.permission) return; // routes outside /api/v1 (health, docs, the web app)
    if (!request.actor) throw new AppError('unauthenticated');
    if (!request.actor.permissions.has(config.permission)) throw new AppError('forbidden');
  });
}

/** A browser's unsafe request is accepted only from the application's own origin. */
export function sameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin) return origin === publicOrigin;
  return request.headers['sec-fetch-site'] === 'same-origin';
}

async function authenticate(request: FastifyRequest, deps: AppDeps): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  const now = deps.clock();
  if (authorization?.startsWith('Bearer ')) {
    const hash = sha256(authorization.slice('Bearer '.length).trim());
    const row = await unsafeSystemStatement(deps.database.db, (db) => unsafeFindTokenActor(db, hash, now));
    if (!row) throw new AppError('unauthenticated');
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await unsafeSystemStatement(deps.database.db, (db) => unsafeTouchToken(db, row.tokenId, now));
    }
    return makeActor({ ...row, via: { kind: 'token', id: row.tokenId } });
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const unsigned = request.unsignCookie(cookie);
  if (!unsigned.valid || !unsigned.value) return null;
  const hash = sha256(unsigned.value);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const row = await unsafeSystemStatement(deps.database.db, (db) => unsafeFindSessionActor(db, hash, now, idleSince));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await unsafeSystemStatement(deps.database.db, (db) => unsafeTouchSession(db, row.sessionId, now));
  }
  return makeActor({ ...row, via: { kind: 'session', id: row.sessionId } });
}

/** The actor of a route that declared a permission: present by construction of the hook above. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
