import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, onTestFinished, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { serviceRequests } from '../../features/servicerequests/tables.ts';
import { apiTokens } from '../auth/tables.ts';
import { openDatabase } from '../db/client.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { EventHub } from '../events/hub.ts';
import { idempotencyKeys } from './tables.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { createCustomer, createPartner, signedInOrganization, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { advance, createProduct } from '../../../test/factories-support.ts';

const t = await buildTestApp();
const { app, database } = t;
const { partner: adatum } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
const { product } = await createProduct(database);

type Headers = Record<string, string>;
const DAY = 86_400_000;

function createToken(server: FastifyInstance, headers: Headers, key: string | null, name = 'deploy script') {
  return server.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    headers: { ...headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: { name },
  });
}

async function tokensOf(userId: string): Promise<number> {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, userId));
    return row?.n ?? 0;
  });
}

async function requestsOf(customerId: string): Promise<number> {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .select({ n: count() })
      .from(serviceRequests)
      .where(eq(serviceRequests.customerId, customerId));
    return row?.n ?? 0;
  });
}

async function keysOf(userId: string): Promise<number> {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(idempotencyKeys).where(eq(idempotencyKeys.callerId, userId));
    return row?.n ?? 0;
  });
}

const newAdmin = () => signedInOrganization(app, database, adatum);

function expectReplayOf(replay: LightMyRequestResponse, first: LightMyRequestResponse) {
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.statusCode).toBe(first.statusCode);
  expect(replay.headers['content-type']).toBe(first.headers['content-type']);
  expect(replay.body).toBe(first.body);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A second instance on the same database whose requests marked `x-test-hold` stop after claiming their key (its
 * preHandler runs after the idempotency one) until the test opens the gate — a request held in flight, without sleeps.
 */
async function gatedInstance() {
  const arrived = deferred();
  const open = deferred();
  const gate = { arrived: arrived.promise, open: open.resolve, crash: false };
  const server = await buildApp({ config: t.config, database, clock: t.now, events: t.events });
  server.addHook('preHandler', async (request) => {
    if (request.headers['x-test-hold'] === undefined) return;
    arrived.resolve();
    await open.promise;
    if (gate.crash) throw new Error('the instance died mid-request');
  });
  await server.ready();
  onTestFinished(() => server.close());
  return { server, gate };
}

describe('Idempotency-Key', () => {
  test('is documented on every authenticated write, with its 409 and 422, and not on public ones', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; responses: object }>>;
    }>();
    let writes = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        const documented = (operation.parameters ?? []).some(
          (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
        );
        const anonymous = /^\/api\/v1\/(auth\/|invitations\/|activation\/)/.test(path);
        expect(documented, `${method} ${path}`).toBe(!anonymous);
        if (anonymous) continue;
        writes++;
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['409', '422']));
      }
    }
    expect(writes).toBeGreaterThan(20);
  });

  test('the same key twice creates one API token and replays the first answer', async () => {
    const { user, headers } = await newAdmin();
    const key = randomUUID();
    const first = await createToken(app, headers, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await createToken(app, headers, key);
    expectReplayOf(again, first);
    expect(await tokensOf(user.id)).toBe(1);
    // without a key, nothing changes: each request acts
    expect((await createToken(app, headers, null)).statusCode).toBe(201);
    expect(await tokensOf(user.id)).toBe(2);
  });

  test('the same key twice opens one service request; the replay keeps its ETag and is compressed again', async () => {
    const { headers } = await signedInOrganization(app, database, adatum, ['helpdesk_agent']);
    const customer = await createCustomer(database, adatum);
    const key = randomUUID();
    const payload = {
      title: 'Mailbox sync fails',
      description: 'Since this morning no mailbox synchronises. '.repeat(60),
      severity: 'moderate',
      productId: product.id,
      contact: { name: 'Ana Lima', email: 'ana@fourthcoffee.example' },
    };
    const send = (body: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customer.id}/servicerequests`,
        headers: { ...headers, 'idempotency-key': key, 'accept-encoding': 'gzip' },
        payload: body,
      });
    const first = await send(payload);
    expect(first.statusCode, first.body).toBe(201);
    // the same body with its keys in another order is the same request
    const { contact, ...rest } = payload;
    const again = await send({ contact: { email: contact.email, name: contact.name }, ...rest });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    for (const res of [first, again]) expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(again.rawPayload).toString()).toBe(gunzipSync(first.rawPayload).toString());
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(await requestsOf(customer.id)).toBe(1);
  });

  test('the same key with another request is 422 idempotency_key_mismatch, and nothing is created', async () => {
    const { user, headers } = await newAdmin();
    const key = randomUUID();
    expect((await createToken(app, headers, key, 'first')).statusCode).toBe(201);
    const other = await createToken(app, headers, key, 'second');
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_mismatch', status: 422 });
    // another address is another request too
    const elsewhere = await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${fourthCoffee.id}/servicerequests`,
      headers: { ...headers, 'idempotency-key': key },
      payload: { title: 'Sync', description: 'x', severity: 'moderate', contact: { name: 'A', email: 'a@b.example' } },
    });
    expect(elsewhere.json()).toMatchObject({ code: 'idempotency_key_mismatch' });
    expect(await tokensOf(user.id)).toBe(1);
    expect(await requestsOf(fourthCoffee.id)).toBe(0);
  });

  test('while the first is in flight, the same key is 409 idempotency_key_in_flight; then it is replayed', async () => {
    const { user, headers } = await newAdmin();
    const { server, gate } = await gatedInstance();
    const key = randomUUID();
    const held = createToken(server, { ...headers, 'x-test-hold': '1' }, key);
    await gate.arrived;
    const during = await createToken(app, headers, key);
    expect(during.statusCode).toBe(409);
    expect(during.json()).toMatchObject({ code: 'idempotency_key_in_flight' });
    expect(during.headers['retry-after']).toBe('1');
    expect((await createToken(app, headers, key, 'other name')).json()).toMatchObject({
      code: 'idempotency_key_mismatch',
    });
    gate.open();
    const first = await held;
    expect(first.statusCode).toBe(201);
    expectReplayOf(await createToken(app, headers, key), first);
    expect(await tokensOf(user.id)).toBe(1);
  });

  test("keys belong to the caller: another user's same key acts for that user", async () => {
    const one = await newAdmin();
    const two = await newAdmin();
    const key = randomUUID();
    const first = await createToken(app, one.headers, key, 'same');
    const second = await createToken(app, two.headers, key, 'same');
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json<{ id: string }>().id).not.toBe(first.json<{ id: string }>().id);
    // while each still replays its own
    expectReplayOf(await createToken(app, one.headers, key, 'same'), first);
    expectReplayOf(await createToken(app, two.headers, key, 'same'), second);
    expect([await tokensOf(one.user.id), await tokensOf(two.user.id)]).toEqual([1, 1]);
  });

  test('a malformed key is 400 and nothing happens', async () => {
    const { user, headers } = await newAdmin();
    for (const key of ['', 'k'.repeat(256), 'clé', 'tab\there']) {
      const res = await createToken(app, headers, key);
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await createToken(app, headers, 'k'.repeat(255))).statusCode).toBe(201);
    expect(await tokensOf(user.id)).toBe(1);
  });

  test('a 4xx answer from the handler is kept and replayed', async () => {
    const { headers } = await newAdmin();
    const key = randomUUID();
    const id = randomUUID();
    const revoke = (tokenId = id) =>
      app.inject({
        method: 'DELETE',
        url: `/api/v1/me/tokens/${tokenId}`,
        headers: { ...headers, 'idempotency-key': key },
      });
    const first = await revoke();
    expect(first.statusCode).toBe(404);
    expectReplayOf(await revoke(), first);
    // the same key on another unknown id is another request
    expect((await revoke(randomUUID())).json()).toMatchObject({ code: 'idempotency_key_mismatch' });
  });

  test('DELETE honours it too: a repeated revocation replays its 204', async () => {
    const { headers } = await newAdmin();
    const token = (await createToken(app, headers, null)).json<{ id: string }>();
    const revoke = () =>
      app.inject({
        method: 'DELETE',
        url: `/api/v1/me/tokens/${token.id}`,
        headers: { ...headers, 'idempotency-key': 'r1' },
      });
    const first = await revoke();
    expect(first.statusCode).toBe(204);
    const again = await revoke();
    expect(again.statusCode).toBe(204);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  test('a 5xx is not kept: the retry executes', async () => {
    const { user, headers } = await newAdmin();
    const { server, gate } = await gatedInstance();
    const key = randomUUID();
    gate.crash = true;
    gate.open();
    expect((await createToken(server, { ...headers, 'x-test-hold': '1' }, key)).statusCode).toBe(500);
    expect(await keysOf(user.id)).toBe(0);
    const retry = await createToken(app, headers, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expectReplayOf(await createToken(app, headers, key), retry);
    expect(await tokensOf(user.id)).toBe(1);
  });

  test('public writes ignore it: each sign-in opens its own session', async () => {
    const { user } = await newAdmin();
    const signInOnce = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { origin: TEST_ORIGIN, 'idempotency-key': 'same' },
        payload: { email: user.email, password: TEST_PASSWORD },
      });
    const [a, b] = [await signInOnce(), await signInOnce()];
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    const cookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'relais_session')?.value;
    expect(cookie(b)).toBeDefined();
    expect(cookie(b)).not.toBe(cookie(a));
  });

  test('two instances racing on one key: exactly one token is created', async () => {
    const { user, headers } = await newAdmin();
    // On PostgreSQL a second pool on the same database, as a second process would have; PGlite has one connection.
    const second = t.url ? await openDatabase({ url: t.url, poolSize: 5 }) : database;
    const hub = new EventHub(second, t.now);
    await hub.start();
    const other = await buildApp({ config: t.config, database: second, clock: t.now, events: hub });
    await other.ready();
    onTestFinished(async () => {
      await other.close();
      await hub.stop();
      if (second !== database) await second.close();
    });
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createToken(i % 2 === 0 ? app : other, headers, key)),
    );
    const created = answers.filter((r) => r.statusCode === 201);
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(created.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(new Set(created.map((r) => r.body)).size).toBe(1);
    expect(await tokensOf(user.id)).toBe(1);
  });

  test('an instance that died mid-request blocks the key only until its lock expires', async () => {
    const { user, headers } = await newAdmin();
    const { server, gate } = await gatedInstance();
    const key = randomUUID();
    const dying = createToken(server, { ...headers, 'x-test-hold': '1' }, key);
    await gate.arrived;
    expect((await createToken(app, headers, key)).statusCode).toBe(409);
    advance(t, 61_000);
    const retry = await createToken(app, headers, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    // the dead request's clean-up must not take the key from the one that took it over
    gate.crash = true;
    gate.open();
    expect((await dying).statusCode).toBe(500);
    expectReplayOf(await createToken(app, headers, key), retry);
    expect(await tokensOf(user.id)).toBe(1);
  });

  test('a key is kept 24 hours, then purged by the worker, and works again', async () => {
    const { user, headers } = await newAdmin();
    const key = randomUUID();
    expect((await createToken(app, headers, key)).statusCode).toBe(201);
    advance(t, DAY - 60_000);
    const fresh = await signIn(app, user); // the first session has been idle too long by now
    await t.drain();
    expect(await keysOf(user.id)).toBe(1);
    expect((await createToken(app, fresh, key)).headers['idempotent-replayed']).toBe('true');
    advance(t, 2 * 60_000);
    await t.drain();
    expect(await keysOf(user.id)).toBe(0);
    const again = await createToken(app, fresh, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await tokensOf(user.id)).toBe(2);
  });
});
