import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { unsafeSystemStatement } from '../db/scope.ts';
import { AppError } from '../errors/app-error.ts';
import { ProblemSchema } from '../http/problem.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type ClaimRequest } from './repository.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set at start-up on the writes that honour Idempotency-Key (see registerIdempotency). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** The key this request claimed and must complete or release once answered. */
    idempotencyClaim: Claim | null;
  }
}

interface Claim extends ClaimRequest {
  sealKey: Buffer;
}

const HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long an answer is kept, and replayed (DESIGN §6). */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim holds without an answer. Past it, the instance is taken for dead and a retry executes: a write that
 * really runs longer could then run twice, so this is well above any write's duration (none waits on more than a
 * bounded outbound call).
 */
export const IDEMPOTENCY_LOCK_MS = 60 * 1000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// The answers replayed with the body. Never set-cookie: no honoured route sets one, and a replay must not.
const KEPT_HEADERS = ['content-type', 'location', 'etag'] as const;
// Answers that say "not now" rather than "not this": kept, they would refuse every retry for a day.
const NOT_KEPT = new Set([401, 403, 408, 425, 429]);

const KeyHeaderSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x20-\\x7E]+$',
  description:
    'Makes a retry safe: a key of your choice (1–255 printable ASCII characters, e.g. a UUID), one per operation. ' +
    'The same key with the same request (method, address, If-Match, body) within 24 hours replays the first ' +
    'answer, marked `Idempotent-Replayed: true`, instead of acting twice; with another request, 422 ' +
    '`idempotency_key_mismatch`; while the first is still running, 409 `idempotency_key_in_flight` (retry). Keys ' +
    'belong to the signed-in user. Server errors (5xx) and 401, 403, 408, 425, 429 are not kept: a retry executes.',
};

/**
 * Idempotency-Key on every authenticated write under /api/v1 (POST, PUT, PATCH, DELETE). Public writes (sign-in,
 * sign-out, invitation and activation acceptance, single sign-on start) ignore it: they have no caller to scope a key
 * to, and they set session cookies that a replay must never hand out again. Claims, answers and expiry live in
 * PostgreSQL (idempotency_keys), so every instance agrees.
 */
export function registerIdempotency(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.database.db;
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/v1') || !route.config?.permission || !methods.every((m) => WRITES.has(m))) return;
    route.config = { ...route.config, idempotent: true };
    documentKey(route);
  });

  // Runs after authentication (onRequest) and validation, so that refused requests never claim a key, and before the
  // handler. App-level, hence also before any route-level preHandler.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = request.headers[HEADER];
    const actor = request.actor;
    if (typeof key !== 'string' || !actor) return;
    const now = deps.clock();
    const claim: Claim = {
      callerId: actor.userId,
      keyHash: sha256(key),
      fingerprint: fingerprintOf(request),
      claim: randomUUID(),
      sealKey: sealKeyOf(deps.config.SESSION_SECRET, actor.userId, key),
    };
    const outcome = await unsafeSystemStatement(db, (d) =>
      claimIdempotencyKey(
        d,
        claim,
        now,
        new Date(now.getTime() + IDEMPOTENCY_LOCK_MS),
        new Date(now.getTime() - IDEMPOTENCY_KEEP_MS),
      ),
    );
    if (outcome.kind === 'claimed') {
      request.idempotencyClaim = claim;
      return;
    }
    if (outcome.kind === 'mismatch') throw new AppError('idempotency_key_mismatch');
    if (outcome.kind === 'in_flight')
      throw new AppError('idempotency_key_in_flight', { headers: { 'retry-after': '1' } });
    const answer = unseal(claim.sealKey, outcome.response);
    return reply.code(outcome.statusCode).headers(answer.headers).header(REPLAYED_HEADER, 'true').send(answer.body);
  });

  // App-level onSend hooks run before route-level ones, among them compression's: the payload is still the bytes the
  // handler produced, and a replay is compressed (or not) for the client that asks again.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    const status = reply.statusCode;
    const body = bytesOf(payload);
    try {
      if (status >= 500 || NOT_KEPT.has(status) || !body) {
        await unsafeSystemStatement(db, (d) => releaseIdempotencyKey(d, claim));
      } else {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        const sealed = seal(claim.sealKey, { headers, body: body.toString('base64') });
        await unsafeSystemStatement(db, (d) => completeIdempotencyKey(d, claim, status, sealed));
      }
    } catch (err) {
      // The work is done and this is its answer: the client gets it. The key stays claimed until its lock expires,
      // after which a retry would execute again.
      request.log.error({ err }, 'could not keep the answer of an Idempotency-Key');
    }
    return payload;
  });

  // A reply that never went through onSend (the connection dropped before the answer) gives its key back.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotencyClaim;
    if (!claim) return;
    request.idempotencyClaim = null;
    await unsafeSystemStatement(db, (d) => releaseIdempotencyKey(d, claim));
  });
}

/** Adds the header and the two refusals to a route's schema: validated by Ajv and published in OpenAPI alike. */
function documentKey(route: RouteOptions) {
  const schema = (route.schema ?? {}) as Record<string, unknown> & {
    headers?: { properties?: Record<string, unknown> };
    response?: Record<string, unknown>;
  };
  const headers = schema.headers ?? {};
  const response = schema.response ?? {};
  route.schema = {
    ...schema,
    headers: { ...headers, type: 'object', properties: { ...headers.properties, 'Idempotency-Key': KeyHeaderSchema } },
    response: { ...response, 409: response[409] ?? ProblemSchema, 422: response[422] ?? ProblemSchema },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What makes two requests "the same": method, address (path and query as sent), If-Match, and the body's JSON. */
function fingerprintOf(request: FastifyRequest): string {
  const ifMatch = request.headers['if-match'] ?? null;
  return sha256(JSON.stringify([request.method, request.url, ifMatch, canonical(request.body ?? null)]));
}

/** JSON with object keys sorted at every depth, so that key order does not make two bodies differ. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

function bytesOf(payload: unknown): Buffer | null {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return null; // a stream: not kept (no honoured route streams today)
}

// Answers may carry secrets shown once (a new API token, an activation link), which the database otherwise keeps only
// as hashes. Sealed with a key derived from the server secret and the client's key (stored only as its hash), a
// database dump alone opens none of them.
function sealKeyOf(secret: string, callerId: string, key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, key, `relais idempotency v1 ${callerId}`, 32));
}

interface Answer {
  headers: Record<string, string>;
  body: string;
}

function seal(key: Buffer, answer: Answer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const text = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), text]);
}

function unseal(key: Buffer, sealed: Buffer): { headers: Record<string, string>; body: Buffer } {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  const answer = JSON.parse(text) as Answer;
  return { headers: answer.headers, body: Buffer.from(answer.body, 'base64') };
}
