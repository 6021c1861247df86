import { describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../platform/db/client.ts';
import { EventHub } from '../../platform/events/hub.ts';
import { buildTestApp } from '../../../test/helper.ts';
import { testDatabaseKind } from '../../../test/databases.ts';
import { createPartner, signIn, signedInOrganization, createUser } from '../../../test/factories.ts';

const t = await buildTestApp();
const { app, database } = t;
const { partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);

interface Received {
  events: { action: string; target: { label: string | null } }[];
  close: () => void;
}

/** Opens the SSE stream over a real socket and collects its messages. */
async function openStream(server: FastifyInstance, headers: Record<string, string>): Promise<Received> {
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('server not listening');
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${address.port}/api/v1/events/stream`, {
    headers,
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  // a hijacked reply: the security headers and the request id are carried over by hand
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const received: Received = { events: [], close: () => controller.abort() };
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) received.events.push(JSON.parse(data) as Received['events'][number]);
        }
      }
    } catch {
      // aborted by the test: the stream is over
    }
  })();
  return received;
}

/** Waits for a condition on the collected events, failing after the time limit. */
async function until(check: () => boolean, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function createToken(server: FastifyInstance, headers: Record<string, string>, name: string) {
  const res = await server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name } });
  expect(res.statusCode).toBe(201);
}

describe('GET /api/v1/events/stream', () => {
  test('401 without credentials', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/events/stream' })).statusCode).toBe(401);
  });

  test('delivers committed events the actor may see, and not the others', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const adatumAdmin = await signedInOrganization(app, database, adatum);
    const litwareAdmin = await signedInOrganization(app, database, litware);
    const adatumStream = await openStream(app, adatumAdmin.headers);
    const litwareStream = await openStream(app, litwareAdmin.headers);
    await until(() => t.events.size === 2, 'both subscriptions');
    await createToken(app, litwareAdmin.headers, 'litware-private');
    await createToken(app, adatumAdmin.headers, 'adatum-visible');
    await until(() => adatumStream.events.some((e) => e.target.label === 'adatum-visible'), 'the Adatum event');
    await until(() => litwareStream.events.some((e) => e.target.label === 'litware-private'), 'the Litware event');
    // Events are delivered in commit order: once Adatum has its own later event, Litware's earlier one was filtered.
    expect(adatumStream.events.map((e) => e.target.label)).not.toContain('litware-private');
    expect(adatumStream.events.find((e) => e.target.label === 'adatum-visible')?.action).toBe('token.created');
    adatumStream.close();
    litwareStream.close();
  });
});

// Cross-instance delivery needs two processes' worth of connections on one server database: PostgreSQL only.
if (testDatabaseKind === 'postgres') {
  test('an event caused through one instance reaches a stream client of another, and sessions are shared', async () => {
    if (!t.url) throw new Error('no database URL');
    const second = await openDatabase({ url: t.url, poolSize: 2 });
    const clock = () => new Date();
    const hub = new EventHub(second, clock);
    await hub.start();
    const other = await buildApp({ config: t.config, database: second, clock, events: hub });
    await other.listen({ port: 0, host: '127.0.0.1' });
    try {
      const user = await createUser(database, adatum);
      const headers = await signIn(app, user); // session opened on the first instance
      const me = await other.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(me.statusCode).toBe(200); // and recognised by the second
      const stream = await openStream(other, headers);
      await until(() => hub.size === 1, 'the subscription on the second instance');
      await createToken(app, headers, 'made-on-instance-one');
      await until(
        () => stream.events.some((e) => e.target.label === 'made-on-instance-one'),
        'the cross-instance event',
      );
      stream.close();
    } finally {
      await other.close();
      await hub.stop();
      await second.close();
    }
  });
}

test('the OpenAPI document describes the stream as text/event-stream', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
  }>();
  const answers = doc.paths['/api/v1/events/stream']?.get?.responses ?? {};
  expect(Object.keys(answers['200']?.content ?? {})).toEqual(['text/event-stream']);
  expect(Object.keys(answers)).toEqual(expect.arrayContaining(['200', '401', '403']));
});
