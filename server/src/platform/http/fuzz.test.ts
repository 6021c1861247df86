import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { openSession } from '../auth/sessions.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { mailOutbox } from '../mail/tables.ts';
import {
  createCustomer,
  createOrganization,
  createPartner,
  createUser,
  TEST_PASSWORD,
  type OrganizationRow,
} from '../../../test/factories.ts';
import { createProduct, subscribe } from '../../../test/factories-support.ts';
import {
  jsonText,
  mutateValue,
  nastyFor,
  nastyParameter,
  operationsOf,
  Random,
  rawBody,
  valueFor,
  type Hints,
  type Operation,
} from '../../../test/fuzz.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';

/*
 * Issue 11 §4, "no input yields a 5xx": requests generated from the OpenAPI document — valid ones and mutations of
 * them — over every operation, as anonymous callers and as people of each kind of organisation, by session and by
 * API token. Every answer must be under 500, and every error a problem detail (RFC 9457) whose `status` is the HTTP
 * status and which has a `code`. Seeded: FUZZ_SEED and FUZZ_REQUESTS replay or widen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 114);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const REQUEST_TIMEOUT_MS = 15_000;
const SHOWN_PER_CAUSE = 25;

// The server's own account of each 5xx (its logged error), by request id: the cause a failure is grouped under. The
// driver's message rather than Drizzle's (which quotes the query and its parameters), and the first frame in our code.
Error.stackTraceLimit = 50;
const logged = new Map<string, string>();
const loggedWithoutRequest: string[] = [];
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const root = err.cause instanceof Error ? err.cause : err;
  const frame = /(server\/src\/[^):]+:\d+)/.exec(err.stack ?? '')?.[1];
  return `${err.constructor.name}: ${root.message}${frame ? ` (${frame})` : ''}`;
}
const logger = pino(
  { level: 'error', serializers: { err: describeError } },
  {
    write(line: string) {
      const entry = JSON.parse(line) as { reqId?: string; msg?: string; err?: string };
      const text = entry.err ?? String(entry.msg);
      if (entry.reqId) logged.set(entry.reqId, text);
      else loggedWithoutRequest.push(text);
    },
  },
);

// Limits high enough that the throttles do not answer everything; a 429 problem is still checked like any answer.
const t = await buildTestApp({
  logger,
  config: {
    RATE_LIMIT_PER_MINUTE: 1_000_000,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: 1_000_000,
    MAIL_LIMIT_PER_ORGANIZATION: 1_000_000,
    MAIL_LIMIT_PER_RECIPIENT: 1_000_000,
  },
});
const { app, database } = t;

// The graph: a vendor; a distributor with a partner and its customers; another distributor's partner and customer.
const vendor = await createOrganization(database, 'vendor');
const { distributor, partner } = await createPartner(database);
const customer = await createCustomer(database, partner);
const pendingCustomer = await createCustomer(database, partner, { status: 'pending' });
const { distributor: otherDistributor, partner: otherPartner } = await createPartner(database);
const otherCustomer = await createCustomer(database, otherPartner);
const { product, skus } = await createProduct(database, { skuCount: 2 });
const subscription = await subscribe(database, {
  customerId: customer.id,
  skuId: skus[0]?.id ?? '',
  billingProviderId: distributor.id,
});

// What the requests draw real values from: ids by kind (of every organisation), tokens, cursors, ETags.
const pools = new Map<string, Set<string>>();
const POOL_SIZE = 200;
// Who saw a value: requests mostly use the ids their own caller was shown, sometimes everyone else's.
let seenBy = '';
function remember(pool: string, value: unknown) {
  if (typeof value !== 'string' || !value) return;
  for (const name of seenBy ? [pool, `${seenBy}/${pool}`] : [pool]) {
    const set = pools.get(name) ?? new Set<string>();
    pools.set(name, set);
    if (set.size < POOL_SIZE) set.add(value);
  }
}
const poolOf = (name: string) => [...(pools.get(name) ?? [])];

type Via = 'session' | 'token';
interface Persona {
  name: string;
  organization: OrganizationRow;
  roles: RoleName[];
  via: Via;
  userId: string;
  tokenId: string | null;
  headers: Record<string, string>;
}
const specs: [string, OrganizationRow, RoleName[], Via][] = [
  ['vendor admin', vendor, ['admin'], 'session'],
  ['distributor admin', distributor, ['admin'], 'token'],
  ['partner admin', partner, ['admin'], 'session'],
  ['partner admin', partner, ['admin'], 'token'],
  ['partner reader', partner, ['reader'], 'session'],
  ['customer admin', customer, ['admin'], 'session'],
  ['other partner admin', otherPartner, ['admin'], 'token'],
  ['other customer admin', otherCustomer, ['admin'], 'session'],
];

/** A person signed in (a session opened directly: no argon2, no sign-in throttle), and for `token` an API token. */
async function provision([name, organization, roles, via]: (typeof specs)[number]): Promise<Persona> {
  const user = await createUser(database, organization, roles);
  remember('email', user.email);
  const { secret } = await unsafeSystemTransaction(database.db, (tx) =>
    openSession(
      tx,
      { ...user, organizationKind: organization.kind, roles, language: null },
      { ip: '127.0.0.1', userAgent: 'fuzz', requestId: randomUUID(), via: 'password' },
      t.now(),
    ),
  );
  const session = { cookie: `relais_session=${app.signCookie(secret)}` };
  const persona = { name: `${name} (${via})`, organization, roles, via, userId: user.id, tokenId: null };
  if (via === 'session') return { ...persona, headers: session };
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    headers: { ...session, origin: TEST_ORIGIN },
    payload: { name: 'fuzz' },
  });
  if (res.statusCode !== 201) throw new Error(`token for ${name}: ${res.statusCode} ${res.body}`);
  const token = res.json<{ id: string; token: string }>();
  return { ...persona, tokenId: token.id, headers: { authorization: `Bearer ${token.token}` } };
}

const personas: Persona[] = [];
for (const spec of specs) personas.push(await provision(spec)); // in order: the pools' order is part of the replay
const anonymous = { name: 'anonymous', headers: {} as Record<string, string>, via: null };

for (const o of [
  vendor,
  distributor,
  partner,
  customer,
  pendingCustomer,
  otherDistributor,
  otherPartner,
  otherCustomer,
]) {
  remember('organization', o.id);
  remember(o.kind, o.id);
  remember('domain', o.primaryDomain);
}
remember('product', product.id);
for (const sku of skus) remember('sku', sku.id);
remember('subscription', subscription.id);
for (const p of personas) {
  remember('user', p.userId);
  remember('token', p.tokenId);
}

const collections: Record<string, string> = {
  organizations: 'organization',
  customers: 'customer',
  partners: 'partner',
  distributors: 'distributor',
  activationlinks: 'activationLink',
  relationships: 'relationship',
  products: 'product',
  skus: 'sku',
  incidents: 'incident',
  servicerequests: 'serviceRequest',
  subscriptions: 'subscription',
  operators: 'user',
  tokens: 'token',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kind of the objects an operation's path is about: `/customers/{id}/subscriptions` → subscription. */
function collectionOf(path: string): string | undefined {
  const segments = path.split('/').filter((s) => s && !s.startsWith('{') && !s.startsWith(':'));
  for (let i = segments.length - 1; i >= 0; i--) {
    const pool = collections[segments[i] ?? ''];
    if (pool) return pool;
  }
  return undefined;
}

/** Learns ids, tokens and cursors from an answer, so that later requests use other organisations' real objects. */
function learn(path: string, res: LightMyRequestResponse, body: unknown, persona: string) {
  seenBy = persona;
  if (typeof res.headers.etag === 'string') remember('etag', res.headers.etag);
  if (!body || typeof body !== 'object') return;
  const pool = collectionOf(path);
  const record = body as { id?: unknown; items?: { id?: unknown }[]; links?: { next?: string } };
  if (pool && Array.isArray(record.items)) for (const item of record.items) remember(pool, item.id);
  else if (pool) remember(pool, record.id);
  if (record.links?.next) remember(`next ${path}`, record.links.next);
  const cursor = record.links?.next && new URL(record.links.next, TEST_ORIGIN).searchParams.get('cursor');
  if (cursor) remember('cursor', cursor);
  const walk = (value: unknown, key: string, depth: number) => {
    if (depth > 6) return;
    if (typeof value === 'string') {
      if (UUID.test(value)) remember('any', value);
      if (key === 'userId' || key === 'actorId') remember('user', value);
      if (key === 'customerId') remember('customer', value);
      const activation = value.split('/activate/')[1];
      if (activation) remember('activationToken', activation);
    } else if (Array.isArray(value)) for (const item of value) walk(item, key, depth + 1);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1);
    }
  };
  walk(body, '', 0);
  seenBy = '';
}

/** Invitation links are only mailed: read them off the outbox. */
async function learnInvitations() {
  const mails = await unsafeSystemTransaction(database.db, (tx) =>
    tx.select({ text: mailOutbox.text }).from(mailOutbox).where(eq(mailOutbox.template, 'operator_invitation')),
  );
  for (const mail of mails) remember('invitationToken', /\/invitation\/([A-Za-z0-9_.-]+)/.exec(mail.text)?.[1]);
}

const rnd = new Random(SEED);
const cased = (text: string | undefined) => (text && rnd.chance(0.5) ? text.toUpperCase() : text);
/** The persona the request being built is sent as. */
let caller = '';
const fieldPools: Record<string, string> = {
  skuId: 'sku',
  productId: 'product',
  customerIds: 'customer',
  resellerId: 'partner',
  billingProviderId: 'distributor',
  actorId: 'user',
};
const hints: Hints = {
  uuid(field) {
    const pool = fieldPools[field] ?? field.replace(/^path:/, '');
    const seen = poolOf(`${caller}/${pool}`);
    const own = poolOf(pool);
    const any = poolOf('any');
    if (seen.length && rnd.chance(0.6)) return rnd.pick(seen);
    if (own.length && rnd.chance(0.6)) return rnd.pick(own);
    if (any.length && rnd.chance(0.6)) return rnd.pick(any);
    return rnd.uuid();
  },
  string(field) {
    const from = (pool: string) => {
      const values = poolOf(pool);
      return values.length ? rnd.pick(values) : undefined;
    };
    switch (field) {
      case 'activationToken':
      case 'invitationToken':
        return rnd.chance(0.85) ? from(field) : rnd.word(43);
      case 'invitation':
        return from('invitationToken');
      case 'cursor':
        return from('cursor');
      // Taken values (in another case, too) as often as fresh ones: unique indexes answer 409, not 500.
      case 'customerDomain':
        return rnd.chance(0.7) ? from('domain') : `fz-${rnd.word(6)}.example`;
      case 'primaryDomain':
        return rnd.chance(0.4) ? cased(from('domain')) : `fz-${rnd.word(6)}.example`;
      case 'email':
      case 'recipient':
      case 'recipientEmail': {
        const domain = personas.find((p) => p.name === caller)?.organization.primaryDomain;
        if (domain && rnd.chance(0.3)) return `fz-${rnd.word(6)}@${domain}`;
        return rnd.chance(0.4) ? cased(from('email')) : undefined;
      }
      case 'name':
        return rnd.chance(0.3) ? cased('Fuzz product') : undefined;
      case 'country':
        return rnd.pick(['FR', 'DE', 'US', 'ZZ']);
      case 'code':
        return rnd.chance(0.4) ? cased('FZ-1') : `FZ-${rnd.word(6)}`;
      case 'urlTemplate':
        return rnd.pick([
          'https://admin.example/{tenantId}',
          'https://portal.example/{domain}/x',
          'http://insecure.example',
        ]);
      case 'issuer':
        return rnd.pick(['https://idp.example', 'https://127.0.0.1:1/realm', 'ftp://idp.example', 'not a url']);
      case 'password':
        return rnd.chance(0.3) ? TEST_PASSWORD : `Fuzz-passphrase-${rnd.word(6)}`;
      case 'search':
        return rnd.pick(['Partner', 'customer', 'example', rnd.word(3), '%', '_', '\\']);
      case 'action':
        return rnd.pick(['auth.signed_in', 'token.created', 'relationship.requested', rnd.word(5)]);
      case 'targetType':
        return rnd.pick(['user', 'session', 'organization', rnd.word(5)]);
      case 'phone':
        return '+33 1 23 45 67 89';
      case 'if-match':
        return from('etag');
      case 'Idempotency-Key':
        return `fz-${rnd.word(12)}`;
      default:
        return undefined;
    }
  },
};

const published = await app.inject({ method: 'GET', url: '/api/openapi.json' });
if (published.statusCode !== 200) throw new Error(`GET /api/openapi.json: ${published.statusCode} ${published.body}`);
const doc = published.json<Parameters<typeof operationsOf>[0]>();
const operations = operationsOf(doc);

interface Built {
  index: number;
  op: Operation;
  persona: { name: string; headers: Record<string, string> };
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  what: string[];
  /** The persona's credentials as provisioned: a 401 then means they were revoked (sign-out, token deleted…). */
  authIntact: boolean;
}

const STREAM = '/api/v1/events/stream';
/** %-encoding; a lone surrogate, which has no UTF-8, is sent as the bytes its CESU-8 form would be. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const lastKeys = new Map<string, string>();

function pathField(op: Operation, name: string): string {
  if (name === 'token') return op.path.includes('/invitations/') ? 'invitationToken' : 'activationToken';
  return `path:${collectionOf(op.path.slice(0, op.path.lastIndexOf(`{${name}}`))) ?? 'any'}`;
}

const crafted = () =>
  rnd.pick([
    Buffer.from(JSON.stringify(['x', 'x'])).toString('base64url'),
    `${Buffer.from(JSON.stringify([1, 'x'])).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`,
    `${Buffer.from(JSON.stringify(['2024-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000001'])).toString('base64url')}.${rnd.word(22)}`,
    '.',
    '..',
    `${rnd.word(30)}.`,
    '%00',
    rnd.word(rnd.int(1, 999)),
  ]);

/** One request for the operation as the persona: valid from its schemas, then (most of the time) mutated. */
function build(index: number, op: Operation, persona: Persona | typeof anonymous): Built {
  caller = persona.name;
  const what: string[] = [];
  const pathValues: Record<string, string> = {};
  const query: [string, string][] = [];
  const headers: Record<string, string> = { ...persona.headers };
  let authIntact = persona.via !== null;
  if (persona.via === 'session' && WRITES.has(op.method)) headers.origin = TEST_ORIGIN;
  if (op.anonymous && rnd.chance(0.7)) headers.origin = TEST_ORIGIN;
  for (const p of op.parameters) {
    const schema = p.schema ?? {};
    if (p.in === 'path') {
      pathValues[p.name] = encode(String(valueFor(schema, pathField(op, p.name), rnd, hints)));
    } else if (p.in === 'query' && (p.required || rnd.chance(0.4))) {
      const value = valueFor(schema, p.name, rnd, hints);
      for (const v of Array.isArray(value) ? value : [value]) query.push([p.name, encode(String(v))]);
    } else if (p.in === 'header' && rnd.chance(0.6)) {
      const value = hints.string(p.name);
      if (value !== undefined) headers[p.name.toLowerCase()] = value;
    }
  }
  let body: unknown = op.body ? valueFor(op.body, 'body', rnd, hints) : undefined;
  let raw: ReturnType<typeof rawBody> | null = null;
  let method = op.method;
  let suffix = '';

  const mutations = rnd.chance(0.35) ? 0 : rnd.chance(0.8) ? 1 : 2;
  for (let m = 0; m < mutations; m++) {
    // Weighted towards what reaches the handler: a foreign method or lost credentials stop at the router or at
    // authentication, which a few requests suffice to cover.
    const targets = [
      'query',
      'query',
      'header',
      rnd.chance(0.5) ? 'auth' : 'query',
      rnd.chance(0.3) ? 'method' : 'header',
    ];
    if (Object.keys(pathValues).length) targets.push('path', 'path');
    if (op.body) targets.push('body', 'body', 'body', 'body', 'raw');
    switch (rnd.pick(targets)) {
      case 'path': {
        const name = rnd.pick(Object.keys(pathValues));
        const value = rnd.pick([
          nastyParameter(rnd),
          nastyParameter(rnd),
          hints.uuid('any'),
          hints.uuid('any').toUpperCase(),
          hints.uuid('any').replaceAll('-', ''),
          `{${name}}`,
        ]);
        pathValues[name] = value;
        what.push(`path ${name} = ${value.slice(0, 60)}`);
        if (rnd.chance(0.1)) suffix = rnd.pick(['/', '/x', '//', '/..', '/%2e%2e']);
        break;
      }
      case 'query': {
        const documented = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
        const choice = rnd.int(0, 5);
        const name =
          documented.length && choice < 4
            ? rnd.pick(documented)
            : rnd.pick(['x', '__proto__', 'constructor', 'size[]', '']);
        if (choice === 3 && documented.includes('cursor')) {
          const cursor = rnd.chance(0.5) ? (hints.string('cursor') ?? crafted()) : crafted();
          query.push(['cursor', cursor]);
          what.push(`cursor ${cursor.slice(0, 60)}`);
        } else if (choice === 2) {
          query.push([name, nastyParameter(rnd)], [name, nastyParameter(rnd)]);
          what.push(`query ${name} given twice`);
        } else {
          const schema = op.parameters.find((p) => p.in === 'query' && p.name === name)?.schema ?? {};
          const value = schema.format && rnd.chance(0.5) ? encode(nastyFor(schema, rnd)) : nastyParameter(rnd);
          query.push([name, value]);
          what.push(`query ${name} = ${value.slice(0, 60)}`);
        }
        break;
      }
      case 'header': {
        const [name, values] = rnd.pick<[string, string[]]>([
          ['idempotency-key', ['', ' ', 'é', 'x'.repeat(256), lastKeys.get(persona.name) ?? 'reused', '\t']],
          [
            'if-match',
            ['*', 'W/"x"', `"${rnd.uuid()}"`, 'garbage', 'x'.repeat(5000), hints.string('if-match') ?? '""'],
          ],
          ['if-none-match', ['*', 'W/"x", "y"', hints.string('if-match') ?? '""', 'x'.repeat(5000)]],
          [
            'accept-language',
            ['*', 'xx-YY;q=abc', 'fr;q=2', 'x'.repeat(5000), 'en-US,en;q=0.9,fr;q=0.8', ',,,', 'zh-Hant-TW'],
          ],
          ['accept-encoding', ['gzip', 'br', 'deflate', 'identity;q=0', '*;q=0', 'gzip;q=abc', 'br;q=1, gzip;q=0.5']],
          ['accept', ['text/event-stream', 'application/xml', 'text/csv', '*/*;q=abc']],
          ['x-request-id', ['x'.repeat(500), '../..', '']],
          ['x-forwarded-for', ['garbage, 1.2.3.4', '::1']],
          ['last-event-id', ['-1', 'x', '99999999999999999999', '1e400']],
          ['content-type', ['application/json', 'text/plain', '']],
        ]);
        const value = rnd.pick(values);
        headers[name] = value;
        what.push(`header ${name} = ${value.slice(0, 40)}`);
        break;
      }
      case 'auth': {
        authIntact = false;
        const choice = rnd.int(0, 3);
        if (choice === 0) {
          const origin = rnd.pick([
            undefined,
            'https://evil.example',
            'null',
            `${TEST_ORIGIN}/`,
            TEST_ORIGIN.toUpperCase(),
          ]);
          if (origin === undefined) delete headers.origin;
          else headers.origin = origin;
          if (rnd.chance(0.3)) headers['sec-fetch-site'] = rnd.pick(['same-origin', 'cross-site']);
          what.push(`origin ${String(origin)}`);
        } else if (choice === 1) {
          const value = rnd.pick([
            'Bearer ',
            `Bearer rls_${rnd.word(43)}`,
            'Basic YTpi',
            `Bearer ${'x'.repeat(5000)}`,
            'bearer x',
            'Bearer',
            `Bearer ${rnd.uuid()}`,
          ]);
          headers.authorization = value;
          what.push(`authorization ${value.slice(0, 40)}`);
        } else if (choice === 2) {
          const value = rnd.pick([
            'relais_session=garbage',
            'relais_session=s%3Aabc.def',
            `relais_session=${'a'.repeat(5000)}`,
            ';;;=;',
            'relais_session=%E0%A4%A',
            'relais_session=x; relais_session=y',
            `relais_sso_state=${rnd.word(20)}`,
          ]);
          headers.cookie = value;
          what.push(`cookie ${value.slice(0, 40)}`);
        } else {
          const other = rnd.pick(personas);
          Object.assign(headers, other.headers);
          what.push(`also the credentials of ${other.name}`);
        }
        break;
      }
      case 'method': {
        method = rnd.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((x) => x !== op.method));
        what.push(`method ${method}`);
        break;
      }
      case 'body': {
        const mutated = mutateValue(body, op.body ?? {}, rnd);
        body = mutated.value;
        what.push(`body: ${mutated.what}`);
        break;
      }
      case 'raw': {
        raw = rawBody(jsonText(body), rnd);
        what.push(`body: ${raw.what}`);
        break;
      }
    }
  }

  if (WRITES.has(op.method) && headers['idempotency-key']) lastKeys.set(persona.name, headers['idempotency-key']);
  const search = query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
  const url = `${op.path.replace(/\{(\w+)\}/g, (_, n: string) => pathValues[n] ?? '')}${suffix}${search}`;
  const built: Built = { index, op, persona, method, url, headers, what, authIntact };
  if (raw) {
    Object.assign(headers, raw.headers);
    if (raw.payload !== undefined) built.payload = raw.payload;
  } else if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
    built.payload = jsonText(body);
  }
  return built;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  requestId: string;
}

/** Sends the request in process; the event stream is read up to its headers and then closed. */
async function send(built: Built): Promise<{ res: LightMyRequestResponse; answer: Answer } | { error: string }> {
  const streaming = built.method === 'GET' && built.url.startsWith(STREAM);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([
      app.inject({
        method: built.method as 'GET',
        url: built.url,
        headers: built.headers,
        ...(built.payload !== undefined ? { payload: built.payload } : {}),
        ...(streaming ? { payloadAsStream: true } : {}),
      }),
      timeout,
    ]);
    const contentType = String(res.headers['content-type'] ?? '');
    let bytes: Buffer;
    if (streaming) {
      if (res.statusCode === 200 && contentType.startsWith('text/event-stream')) {
        (res.raw.res as unknown as { destroy(): void }).destroy();
        bytes = Buffer.alloc(0);
      } else {
        const chunks: Buffer[] = [];
        for await (const chunk of res.stream()) chunks.push(chunk as Buffer);
        bytes = Buffer.concat(chunks);
      }
    } else bytes = res.rawPayload;
    const encoding = String(res.headers['content-encoding'] ?? '');
    const text = (
      encoding === 'br'
        ? brotliDecompressSync(bytes)
        : encoding === 'gzip'
          ? gunzipSync(bytes)
          : encoding === 'deflate'
            ? inflateSync(bytes)
            : bytes
    ).toString('utf8');
    return {
      res,
      answer: { status: res.statusCode, contentType, text, requestId: String(res.headers['x-request-id'] ?? '') },
    };
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Why an answer breaks the contract, or null when it keeps it. */
function breach(answer: Answer): string | null {
  if (answer.status >= 500) {
    const code = /"code":"([^"]+)"/.exec(answer.text)?.[1] ?? '-';
    return `${answer.status} ${code}: ${logged.get(answer.requestId) ?? 'nothing logged'}`;
  }
  if (answer.status < 400) return null;
  if (!/^application\/problem\+json/.test(answer.contentType)) {
    return `${answer.status} answered as ${answer.contentType || 'no content type'}, not application/problem+json`;
  }
  let problem: { status?: unknown; code?: unknown };
  try {
    problem = JSON.parse(answer.text) as typeof problem;
  } catch {
    return `${answer.status} problem+json whose body is not JSON`;
  }
  if (problem.status !== answer.status) return `${answer.status} problem with status ${JSON.stringify(problem.status)}`;
  if (typeof problem.code !== 'string') return `${answer.status} problem without a string code`;
  return null;
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);

function describeRequest(built: Built, status: string, answer: string): string {
  const headers = Object.entries(built.headers)
    .map(([k, v]) => `${k}: ${k === 'cookie' || k === 'authorization' ? clip(v, 30) : clip(v, 80)}`)
    .join('; ');
  const payload =
    built.payload === undefined
      ? '(none)'
      : Buffer.isBuffer(built.payload)
        ? `(${built.payload.length} bytes: ${built.payload.toString('hex').slice(0, 80)})`
        : clip(built.payload, 300);
  return [
    `  #${built.index} ${built.method} ${clip(built.url, 300)} as ${built.persona.name}`,
    `      mutations: ${built.what.join(' | ') || 'none (valid request)'}`,
    `      headers: ${headers}`,
    `      body: ${payload}`,
    `      → ${status} ${answer.slice(0, 200)}`,
  ].join('\n');
}

/** The personas a write may have signed out, revoked or demoted are looked at again, and replaced if they were. */
async function checkPersonas() {
  for (const [i, persona] of personas.entries()) {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: persona.headers });
    const roles = res.statusCode === 200 ? res.json<{ roles: string[] }>().roles : [];
    if (res.statusCode !== 200 || roles.join() !== persona.roles.join()) {
      const spec = specs[i];
      if (spec) personas[i] = await provision(spec);
      remember('user', personas[i]?.userId);
      remember('token', personas[i]?.tokenId);
    }
  }
}

/** Setup writes through the API, as the fixtures' people: the objects the fuzz then reads, changes and misuses. */
async function setup(persona: Persona, method: 'POST', url: string, payload: object) {
  const headers = { ...persona.headers, ...(persona.via === 'session' ? { origin: TEST_ORIGIN } : {}) };
  const res = await app.inject({ method, url, headers, payload });
  if (res.statusCode >= 300) throw new Error(`setup ${method} ${url}: ${res.statusCode} ${res.body}`);
  learn(url, res, res.json(), persona.name);
  return res.json<{ id: string }>();
}

describe('no input yields a 5xx (schema-driven fuzz)', () => {
  test(
    `${REQUESTS} generated requests over every operation: no 5xx, every error a problem detail`,
    async () => {
      const [asVendor, asDistributor, asPartner] = personas as [Persona, Persona, Persona];
      const started = performance.now();
      const newProduct = await setup(asVendor, 'POST', '/api/v1/products', { name: 'Fuzz product' });
      await setup(asVendor, 'POST', `/api/v1/products/${newProduct.id}/skus`, {
        code: 'FZ-1',
        name: 'Fuzz plan',
        commerceType: 'new_commerce',
      });
      await setup(asVendor, 'POST', '/api/v1/incidents', {
        productId: product.id,
        kind: 'incident',
        title: 'Fuzz incident',
        severity: 'high',
        message: 'Something is slow',
        scope: 'product',
      });
      await setup(asPartner, 'POST', `/api/v1/customers/${customer.id}/servicerequests`, {
        title: 'Fuzz request',
        description: 'It does not work',
        severity: 'moderate',
        contact: { name: 'Someone', email: 'someone@example.com' },
      });
      await setup(asPartner, 'POST', '/api/v1/activationlinks', {
        kind: 'customer',
        organizationName: 'Fuzz tenant',
        recipientEmail: 'admin@fuzz-tenant.example',
        language: 'en',
      });
      await setup(asDistributor, 'POST', '/api/v1/activationlinks', {
        kind: 'partner',
        organizationName: 'Fuzz reseller',
        recipientEmail: 'admin@fuzz-reseller.example',
        language: 'fr',
      });
      await setup(asPartner, 'POST', '/api/v1/operators', {
        email: `invited@${partner.primaryDomain}`,
        roles: ['reader'],
      });
      await setup(asPartner, 'POST', '/api/v1/relationships', {
        customerDomain: otherCustomer.primaryDomain,
        roles: ['admin_agent'],
        durationDays: 30,
      });
      await learnInvitations();

      const statuses = new Map<number, number>();
      const failures = new Map<string, string[]>();
      const answeredWell = new Set<string>();
      let failed = 0;
      let generatedWell = 0;
      let sent = 0;
      const record = async (built: Built) => {
        sent++;
        const result = await send(built);
        if ('error' in result) {
          failed++;
          const list = failures.get(`no answer: ${result.error}`) ?? [];
          failures.set(`no answer: ${result.error}`, [...list, describeRequest(built, 'no answer', result.error)]);
          return;
        }
        const { res, answer } = result;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const cause = breach(answer);
        if (cause) {
          failed++;
          // One cause whatever the values the server quotes in its message.
          const general = cause.replace(/"[^"]*"/g, '"…"').replace(/\b[0-9a-f-]{36}\b/gi, '<uuid>');
          const key = `${general} — ${built.op.method} ${built.op.path}`;
          const said = logged.get(answer.requestId);
          failures.set(key, [
            ...(failures.get(key) ?? []),
            describeRequest(built, String(answer.status), answer.text) + (said ? `\n      logged: ${said}` : ''),
          ]);
        }
        if (answer.status < 400) answeredWell.add(`${built.op.method} ${built.op.path}`);
        if (answer.status < 400) answeredWell.add(`${built.op.method} ${built.op.path} ${built.persona.name}`);
        if (answer.status < 400 && built.index >= 0) generatedWell++;
        if (answer.status < 300 && /^application\/(problem\+)?json/.test(answer.contentType) && answer.text) {
          learn(built.op.path, res, JSON.parse(answer.text), built.persona.name);
        }
        return answer;
      };

      // A first pass reads every list as every persona, so that the pools hold everyone's real ids and cursors.
      for (const persona of personas) {
        for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{') && o.path !== STREAM)) {
          await record({
            index: -1,
            op,
            persona,
            method: 'GET',
            url: `${op.path}?size=1`,
            headers: persona.headers,
            what: ['crawl'],
            authIntact: true,
          });
        }
      }
      const crawled = sent;

      // Every operation once per round, in an order shuffled per round: all are covered whatever FUZZ_REQUESTS is.
      let round: Operation[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        if (round.length === 0) {
          round = [...operations];
          for (let j = round.length - 1; j > 0; j--) {
            const k = rnd.int(0, j);
            [round[j], round[k]] = [round[k] as Operation, round[j] as Operation];
          }
        }
        const op = round.pop() as Operation;
        // Often someone who was answered well by this operation before, so that requests get past the permission.
        const answered = personas.filter((p) => answeredWell.has(`${op.method} ${op.path} ${p.name}`));
        const sender = rnd.chance(op.anonymous ? 0.6 : 0.15)
          ? anonymous
          : answered.length && rnd.chance(0.5)
            ? rnd.pick(answered)
            : rnd.pick(personas);
        const built =
          rnd.chance(0.05) && poolOf(`next ${op.path}`).length
            ? { ...build(i, op, sender), url: rnd.pick(poolOf(`next ${op.path}`)), what: ['follows a next link'] }
            : build(i, op, sender);
        const answer = await record(built);
        const self = answer && built.authIntact && answer.status === 401;
        const demoting =
          answer && answer.status < 300 && WRITES.has(built.method) && /\/(operators|auth|me\/tokens)/.test(built.url);
        if (self || demoting) await checkPersonas();
        if (i % 500 === 499) await learnInvitations();
      }
      const seconds = (performance.now() - started) / 1000;

      const histogram = [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
      const fivexx = [...statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
      console.log(
        [
          `fuzz: seed ${SEED}, ${REQUESTS} generated requests + ${crawled} crawl = ${sent} in ${seconds.toFixed(1)} s`,
          `  statuses: ${histogram}`,
          `  5xx: ${fivexx}; failing answers: ${failed}; operations answered < 400 at least once: ${operations.filter((o) => answeredWell.has(`${o.method} ${o.path}`)).length}/${operations.length}`,
          ...(loggedWithoutRequest.length
            ? [`  errors logged outside requests: ${loggedWithoutRequest.slice(0, 5).join(' | ')}`]
            : []),
        ].join('\n'),
      );

      const report = [...failures.entries()]
        .sort(([, a], [, b]) => b.length - a.length)
        .map(([cause, list]) =>
          [
            `■ ${cause} — ${list.length} request(s)`,
            ...list.slice(0, SHOWN_PER_CAUSE),
            ...(list.length > SHOWN_PER_CAUSE ? [`  … and ${list.length - SHOWN_PER_CAUSE} more`] : []),
          ].join('\n'),
        )
        .join('\n\n');
      expect(
        failed,
        `${failed} failing answer(s) in ${failures.size} cause(s); replay with FUZZ_SEED=${SEED} FUZZ_REQUESTS=${REQUESTS} ` +
          `npx vitest run server/src/platform/http/fuzz.test.ts --project pglite\n\n${report}\n`,
      ).toBe(0);
      // The fuzz proves something only if its valid requests get through (about a third do, with the default seed):
      // a generator that drifted from the schemas, or personas that lost their sessions, would pass on 4xx alone.
      expect(operations.length).toBeGreaterThan(50);
      expect(
        generatedWell / REQUESTS,
        `${generatedWell} of ${REQUESTS} generated requests answered < 400`,
      ).toBeGreaterThan(0.15);
    },
    Math.max(120_000, REQUESTS * 30),
  );
});
