import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { testDatabaseKind } from '../../../test/databases.ts';
import { createOrganization, createUser, signIn } from '../../../test/factories.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { openDatabase, rowsOf } from '../db/client.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { EventHub } from '../events/hub.ts';

const MINUTE = 60_000;

type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

function expectCounted(res: Response, limit: number, remaining: number) {
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
  const reset = Number(res.headers['ratelimit-reset']);
  expect(reset).toBeGreaterThanOrEqual(0);
  expect(reset).toBeLessThanOrEqual(60);
}

function expectRateLimited(res: Response, limit: number, title = 'Too many requests') {
  expect(res.statusCode).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'rate_limited', status: 429, title });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expectCounted(res, limit, 0);
}

describe('API rate limits', () => {
  test('per session: every counted answer says how many are left; past the limit 429 until the window ends', async () => {
    const t = await buildTestApp({ config: { RATE_LIMIT_PER_MINUTE: 3 } });
    const org = await createOrganization(t.database, 'partner');
    const user = await createUser(t.database, org);
    const headers = await signIn(t.app, user);
    const me = (h = headers) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: h });
    for (const remaining of [2, 1, 0]) {
      const res = await me();
      expect(res.statusCode).toBe(200);
      expectCounted(res, 3, remaining);
    }
    const refused = await me();
    expectRateLimited(refused, 3);
    expect(refused.json<{ detail: string }>().detail).toContain(`${refused.headers['retry-after']} seconds`);
    // Writes are refused too, before they do anything.
    const write = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { language: 'fr' } });
    expectRateLimited(write, 3);
    // Another session (another browser, the same person) has its own count.
    expect((await me(await signIn(t.app, user))).statusCode).toBe(200);
    t.setNow(new Date(t.now().getTime() + MINUTE));
    expect((await me()).statusCode).toBe(200);
  });

  test('anonymous requests count per address, in the caller language; X-Forwarded-For is no other address', async () => {
    const t = await buildTestApp({ config: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: 2 } });
    const probe = (remoteAddress: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: '/healthz', remoteAddress, headers: { 'accept-language': 'fr', ...headers } });
    expectCounted(await probe('192.0.2.1'), 2, 1);
    expectCounted(await probe('192.0.2.1', { 'x-forwarded-for': '198.51.100.7' }), 2, 0);
    expectRateLimited(await probe('192.0.2.1', { 'x-forwarded-for': '198.51.100.8' }), 2, 'Trop de requêtes');
    expect((await probe('192.0.2.2')).statusCode).toBe(200);
    // What the document does not list (the document itself, the web app) is not counted.
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json', remoteAddress: '192.0.2.1' });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['ratelimit-limit']).toBeUndefined();
  });

  test('the OpenAPI document gives every operation a 429 with Retry-After, and the RateLimit headers', async () => {
    const t = await buildTestApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    }>();
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(50);
    for (const { name, op } of operations) {
      const tooMany = op.responses['429'] as { headers?: object; content?: Record<string, { schema?: object }> };
      expect(tooMany.headers, name).toHaveProperty('Retry-After');
      expect(Object.values(tooMany.content ?? {})[0]?.schema, name).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[24]/.test(status)) continue;
        expect(Object.keys(response.headers ?? {}), `${name} ${status}`).toEqual(
          expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
        );
      }
    }
  });

  test('the worker deletes the windows that are over and the sign-in counters that are forgotten', async () => {
    const t = await buildTestApp();
    const count = async (table: 'rate_limits' | 'sign_in_throttle') =>
      rowsOf<{ n: number }>(
        await unsafeSystemTransaction(t.database.db, (tx) =>
          tx.execute(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`),
        ),
      )[0]?.n;
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN },
      payload: { email: 'nobody@example.com', password: 'guess' },
    });
    expect(failed.statusCode).toBe(401);
    await t.app.rateLimits.sync();
    await t.drain();
    expect([await count('rate_limits'), await count('sign_in_throttle')]).toEqual([1, 3]);
    t.setNow(new Date(t.now().getTime() + 2 * 60 * MINUTE));
    await t.drain();
    expect([await count('rate_limits'), await count('sign_in_throttle')]).toEqual([0, 0]);
  });
});

// Two instances on one server database: PostgreSQL only (PGlite is one process's).
if (testDatabaseKind === 'postgres') {
  test('two instances share the limit through PostgreSQL, each learning the other’s count at its sync', async () => {
    const t = await buildTestApp({ config: { RATE_LIMIT_PER_MINUTE: 5 } });
    if (!t.url) throw new Error('no database URL');
    const second = await openDatabase({ url: t.url, poolSize: 2 });
    const hub = new EventHub(second, t.now);
    await hub.start();
    const other = await buildApp({ config: t.config, database: second, clock: t.now, events: hub });
    try {
      const org = await createOrganization(t.database, 'partner');
      const headers = await signIn(t.app, await createUser(t.database, org));
      const me = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/api/v1/me', headers });
      for (let i = 0; i < 3; i++) expect((await me(t.app)).statusCode).toBe(200);
      await t.app.rateLimits.sync();
      expect((await me(other)).statusCode).toBe(200); // the second instance has not synced yet: 1 of 5 as it knows
      await other.rateLimits.sync(); // 3 + 1: it learns the first instance's hits
      expectCounted(await me(other), 5, 0);
      expectRateLimited(await me(other), 5);
      // The first instance learns the other's hits with its own next sync: one more gets through until then.
      expect((await me(t.app)).statusCode).toBe(200);
      await t.app.rateLimits.sync();
      expectRateLimited(await me(t.app), 5);
    } finally {
      await other.close();
      await hub.stop();
      await second.close();
    }
  });
}
