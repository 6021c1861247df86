import net from 'node:net';
import fastifyCompress from '@fastify/compress';
import Fastify from 'fastify';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { EventHub } from '../events/hub.ts';
import { afterCurrent, freshDatabase } from '../../../test/databases.ts';
import { createCustomer, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { createProduct, subscribe } from '../../../test/factories-support.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { registerProblemDetails } from './problem.ts';

const { app, database } = await buildTestApp();
const { distributor, partner } = await createPartner(database);
for (let i = 0; i < 3; i++) await createCustomer(database, partner);
const { headers } = await signedInOrganization(app, database, distributor);

interface Doc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}
const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Doc>();
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
const lists = operations.filter((o) => o.method === 'GET' && o.op.parameters?.some((p) => p.name === 'cursor'));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(res.body) as { code?: string; status?: number; errors?: { path: string }[] };
  expect(problem.status).toBe(status);
  expect(typeof problem.code).toBe('string');
  return problem;
}

describe('no input yields a 5xx', () => {
  test('a urn:uuid: id is refused by the schema on every {id} operation, never cast by the database', async () => {
    const withId = operations.filter((o) => o.path.includes('{id}'));
    expect(withId.length).toBeGreaterThan(10);
    for (const { path, method } of withId) {
      const url = path.replace('{id}', 'urn:uuid:00000000-0000-0000-0000-000000000001');
      const res = await app.inject({ method, url, headers, payload: method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
      expect(String(res.headers['content-type']), `${method} ${url}`).toMatch(/^application\/problem\+json/);
    }
    const one = await app.inject({
      method: 'GET',
      url: '/api/v1/customers/urn:uuid:00000000-0000-0000-0000-000000000001',
      headers,
    });
    expect(expectProblem(one, 400).code).toBe('validation_failed');
  });

  test('a page size is an integer within its bounds on every list: Infinity, 1e400, -Infinity are refused', async () => {
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const { path } of lists) {
      for (const size of ['Infinity', '1e400', '-Infinity', '0', '501', '1.5', 'NaN']) {
        const url = `${path}?size=${size}`;
        const res = await app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, `${url}: ${res.body}`).not.toBe(200);
        expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
        expect(String(res.headers['content-type']), url).toMatch(/^application\/problem\+json/);
      }
    }
    const res = await app.inject({ method: 'GET', url: '/api/v1/customers?size=-Infinity', headers });
    expect(expectProblem(res, 400).code).toBe('validation_failed');
  });

  test('a crafted cursor is a 400 invalid_cursor on every list, before any SQL', async () => {
    const crafted = [
      b64(['x', 'x']),
      b64([1, 'x']),
      b64(['1234567890123456789012']),
      b64(['2024-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000001']),
      'not-a-cursor',
      '%00',
    ];
    for (const { path } of lists) {
      for (const cursor of crafted) {
        const url = `${path}?cursor=${cursor}`;
        const res = await app.inject({ method: 'GET', url, headers });
        if (res.statusCode === 404 || res.statusCode === 403) continue; // not this persona's list
        expect(expectProblem(res, 400).code, url).toMatch(/^(invalid_cursor|validation_failed)$/);
      }
    }
    for (const url of [
      `/api/v1/customers?cursor=${b64(['x', 'x'])}`,
      `/api/v1/incidents?cursor=${b64([1, 'x'])}`,
      `/api/v1/auditlog?cursor=${b64(['1234567890123456789012'])}`,
    ]) {
      expect(expectProblem(await app.inject({ method: 'GET', url, headers }), 400).code, url).toBe('invalid_cursor');
    }
  });

  test('the next link pages on; the same cursor altered, or under another sort, is invalid_cursor', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/v1/customers?size=1&sort=licences', headers });
    expect(first.statusCode).toBe(200);
    const next = first.json<{ links: { next?: string }; items: { id: string }[] }>();
    expect(next.links.next).toBeDefined();
    const second = await app.inject({ method: 'GET', url: String(next.links.next), headers });
    expect(second.statusCode).toBe(200);
    expect(second.json<{ items: { id: string }[] }>().items[0]?.id).not.toBe(next.items[0]?.id);

    const cursor = new URL(String(next.links.next), TEST_ORIGIN).searchParams.get('cursor') ?? '';
    const altered = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
    for (const url of [
      `/api/v1/customers?size=1&sort=licences&cursor=${altered}`,
      `/api/v1/customers?size=1&sort=nextExpiry&cursor=${cursor}`,
      `/api/v1/partners?size=1&sort=licences&cursor=${cursor}`,
    ]) {
      expect(expectProblem(await app.inject({ method: 'GET', url, headers }), 400).code, url).toBe('invalid_cursor');
    }
  });

  test('NUL in a query string is refused by the schema: search, export, audit-log filters, mailbox recipient', async () => {
    for (const url of [
      '/api/v1/customers?search=%00',
      '/api/v1/customers?search=a%00b',
      '/api/v1/partners?search=%00',
      '/api/v1/customers/export?search=a%00',
      '/api/v1/auditlog?action=%00',
      '/api/v1/auditlog?targetType=x%00',
      '/api/v1/dev/mailbox?recipient=%00',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { ...headers, 'accept-encoding': 'gzip' } });
      expect(expectProblem(res, 400).code, url).toBe('validation_failed');
      expect(res.headers['content-encoding'], url).toBeUndefined();
    }
  });

  test('NUL and lone surrogates in JSON bodies are refused by the schema; paired ones (emoji) are text', async () => {
    for (const payload of [
      '{"email":"a\\u0000@example.com","password":"x"}',
      '{"email":"a@example.com","password":"x\\u0000"}',
      '{"email":"a@example.com","password":"\\ud800"}',
      '{"email":"\\udfff@example.com","password":"x"}',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { origin: TEST_ORIGIN, 'content-type': 'application/json' },
        payload,
      });
      expect(expectProblem(res, 400).code, payload).toBe('validation_failed');
    }
    const named = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"name":"deploy \\ud83d\\ude80"}',
    });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json<{ name: string }>().name).toBe('deploy 🚀');
    const nul = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"name":"a\\u0000"}',
    });
    expect(expectProblem(nul, 400).code).toBe('validation_failed');
  });

  test('a date-time a Date or PostgreSQL cannot hold is refused by the schema: leap second, year 0, past 9999', async () => {
    const customer = await createCustomer(database, partner);
    const { skus } = await createProduct(database);
    const subscribeAt = (startsAt: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customer.id}/subscriptions`,
        headers,
        payload: { skuId: skus[0]?.id, quantity: 1, termMonths: 1, startsAt },
      });
    for (const value of [
      '2016-12-31T23:59:60Z', // a leap second: RFC 3339 allows it, a Date is Invalid
      '0000-01-01T00:00:00Z', // PostgreSQL has no year 0
      '0001-01-01T00:00:00+14:00', // year 0 once in UTC
      '9999-12-31T23:59:59-23:59', // year 10000 once in UTC: toISOString() writes +010000-…
    ]) {
      const filtered = await app.inject({
        method: 'GET',
        url: `/api/v1/auditlog?from=${encodeURIComponent(value)}`,
        headers,
      });
      expect(expectProblem(filtered, 400).errors, value).toEqual([
        expect.objectContaining({ path: 'querystring/from' }),
      ]);
      expect(expectProblem(await subscribeAt(value), 400).errors, value).toEqual([
        expect.objectContaining({ path: 'body/startsAt' }),
      ]);
    }
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/auditlog?to=${encodeURIComponent(value)}`, headers });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await subscribeAt('2024-02-29t12:00:00z')).statusCode).toBe(201);
  });

  test('a subscription whose commitment would end after 9999 is refused; one ending in 9999 is listed', async () => {
    const customer = await createCustomer(database, partner);
    const { skus } = await createProduct(database);
    const subscribeAt = (startsAt: string, termMonths: number) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customer.id}/subscriptions`,
        headers,
        payload: { skuId: skus[0]?.id, quantity: 1, termMonths, startsAt },
      });
    const late = expectProblem(await subscribeAt('9999-12-01T00:00:00Z', 36), 400);
    expect(late).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body/startsAt' }] });
    expect((await subscribeAt('9998-12-31T00:00:00Z', 12)).statusCode).toBe(201);
    // The lists and the page that show the customer's next expiry, which a commitment past 9999 made 500s.
    for (const url of [`/api/v1/customers/${customer.id}`, '/api/v1/customers?sort=nextExpiry&order=desc']) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.body).toContain('"nextExpiry":"9999-12-31T00:00:00.000Z"');
    }
  });

  test('a number coerced from a JSON string is refused when it is not finite, as in a query string', async () => {
    const { skus } = await createProduct(database);
    const customer = await createCustomer(database, partner);
    const subscription = await subscribe(database, {
      customerId: customer.id,
      skuId: skus[0]?.id ?? '',
      billingProviderId: distributor.id,
    });
    for (const value of ['1e400', 'Infinity', '-Infinity', ['1e400']]) {
      const token = await app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers,
        payload: { name: 'nightly', expiresInDays: value },
      });
      expect(expectProblem(token, 400).errors, JSON.stringify(value)).toEqual([
        expect.objectContaining({ path: 'body/expiresInDays' }),
      ]);
      const changed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/subscriptions/${subscription.id}`,
        headers,
        payload: { quantity: value },
      });
      expect(expectProblem(changed, 400).errors, JSON.stringify(value)).toEqual([
        expect.objectContaining({ path: 'body/quantity' }),
      ]);
    }
    // Coercion itself stays: a count written as a string is still a count.
    const coerced = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers,
      payload: { name: 'nightly', expiresInDays: '5' },
    });
    expect(coerced.statusCode, coerced.body).toBe(201);
  });

  test('an error raised while a download is being prepared is plain problem+json, not labelled gzip or CSV', async () => {
    const tiny = Fastify();
    await tiny.register(fastifyCompress, { global: true, encodings: ['gzip'], threshold: 1024 });
    registerProblemDetails(tiny);
    tiny.get('/export', (_request, reply) => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('the first batch failed'));
        },
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="customers.csv"')
        .send(failing);
    });
    const res = await tiny.inject({ method: 'GET', url: '/export', headers: { 'accept-encoding': 'gzip' } });
    expect(expectProblem(res, 500).code).toBe('internal');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-disposition']).toBeUndefined();
    await tiny.close();
  });
});

describe("Fastify's own errors are problem details with a stable code", () => {
  test('bad %-encoding in the path: 400 malformed_url', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/customers/%E0%A4%A', headers });
    expect(expectProblem(res, 400).code).toBe('malformed_url');
  });

  test('a path parameter longer than the router allows: 414 uri_too_long', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/customers/${'a'.repeat(200)}`, headers });
    expect(expectProblem(res, 414).code).toBe('uri_too_long');
  });

  test('a body over the limit: 413 payload_too_large; a foreign content type: 415 unsupported_media_type', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2_000_000) }),
    });
    expect(expectProblem(big, 413).code).toBe('payload_too_large');
    const xml = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/xml' },
      payload: '<sign-in/>',
    });
    expect(expectProblem(xml, 415).code).toBe('unsupported_media_type');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(expectProblem(broken, 400).code).toBe('validation_failed');
  });

  test('errors of the HTTP parser (431 headers too large, 400 malformed request) are problem details', async () => {
    const { database: db, drop } = await freshDatabase();
    const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, SESSION_SECRET: 'test-secret-test-secret-test-secret-42' });
    const events = new EventHub(db, () => new Date());
    const served = await buildApp({ config, database: db, clock: () => new Date(), events });
    afterCurrent(async () => {
      await served.close();
      await drop();
    });
    await served.listen({ host: '127.0.0.1', port: 0 });
    const { port } = served.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port });
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
        socket.write(request);
      });
    const parse = (answer: string) => {
      const [head = '', text = ''] = answer.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      return { status, head: head.toLowerCase(), problem: JSON.parse(text) as { code: string; status: number } };
    };
    const huge = parse(await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(huge.status).toBe(431);
    expect(huge.head).toContain('content-type: application/problem+json');
    expect(huge.problem).toMatchObject({ status: 431, code: 'headers_too_large' });
    const garbage = parse(await raw('NOT A REQUEST\r\n\r\n'));
    expect(garbage.status).toBe(400);
    expect(garbage.head).toContain('content-type: application/problem+json');
    expect(garbage.problem).toMatchObject({ status: 400, code: 'bad_request' });
  });

  test('a request reaching an instance that is shutting down: 503 shutting_down, problem details', async () => {
    const { database: db, drop } = await freshDatabase();
    const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, SESSION_SECRET: 'test-secret-test-secret-test-secret-42' });
    const events = new EventHub(db, () => new Date());
    const served = await buildApp({ config, database: db, clock: () => new Date(), events });
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    served.get('/slow', async () => {
      entered();
      await released;
      return { done: true };
    });
    let closing!: () => void;
    const closingStarted = new Promise<void>((resolve) => (closing = resolve));
    served.addHook('preClose', (done) => {
      closing();
      done();
    });
    afterCurrent(drop);
    await served.listen({ host: '127.0.0.1', port: 0 });
    const { port } = served.server.address() as net.AddressInfo;
    let arrived!: () => void;
    const lateArrived = new Promise<void>((resolve) => (arrived = resolve));
    served.server.on('request', (req: { url?: string }) => {
      if (req.url === '/healthz') arrived();
    });

    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closed = served.close();
    await closingStarted;
    // Pipelined behind the request in flight: it reaches the app after close() began.
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await lateArrived;
    release();
    await ended;
    await closed;
    const responses = answer.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
    const late = responses[1] ?? '';
    expect(late).toMatch(/^HTTP\/1\.1 503/);
    expect(late.toLowerCase()).toContain('content-type: application/problem+json');
    const body = late.slice(late.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toMatchObject({ status: 503, code: 'shutting_down' });
  });
});
