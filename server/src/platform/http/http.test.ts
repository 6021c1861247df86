import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { setStyleNonce } from './security-headers.ts';

const { app } = await buildTestApp();

describe('HTTP conventions', () => {
  test('every response carries a request id, and a valid incoming one is kept', async () => {
    const fresh = await app.inject({ method: 'GET', url: '/healthz' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers['x-request-id']).toBe('trace-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('<');
  });

  test('/healthz and /readyz', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  test('security headers with a strict Content-Security-Policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(csp).not.toContain('nonce-');
    // plain http here (PUBLIC_URL http://localhost:3000): no HSTS
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  test('errors and unknown addresses carry the same security headers', async () => {
    for (const url of ['/api/v1/me', '/api/v1/nowhere']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test("an HTML page's policy lets in the styles carrying its own nonce, a fresh one each time", async () => {
    const page = Fastify();
    page.get('/', (_request, reply) => {
      const nonce = setStyleNonce(reply);
      return reply.type('text/html').send(`<meta name="csp-nonce" content="${nonce}">`);
    });
    const first = await page.inject({ method: 'GET', url: '/' });
    const second = await page.inject({ method: 'GET', url: '/' });
    const nonceOf = (body: string) => /content="([0-9a-f]{32})"/.exec(body)?.[1];
    const nonce = nonceOf(first.body);
    expect(nonce).toBeDefined();
    expect(nonceOf(second.body)).not.toBe(nonce);
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'self'");
    await page.close();
  });

  test('an unknown API address is a problem detail in the caller language', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nowhere', headers: { 'accept-language': 'fr' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'route_not_found',
      status: 404,
      title: 'Introuvable',
      instance: '/api/v1/nowhere',
    });
    expect(res.json<{ requestId: string }>().requestId).toBe(res.headers['x-request-id']);
  });

  test('malformed JSON is a 400 problem, not a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });

  test('large JSON answers are compressed as the client prefers, and decompress to the very same bytes', async () => {
    const plain = await app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.byteLength).toBeGreaterThan(1024);
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync } as const;
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': accept } });
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength / 3);
      expect(decoders[expected](res.rawPayload).equals(plain.rawPayload), accept).toBe(true);
    }
    // Below the threshold an answer goes as it is.
    const small = await app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  test('/api/openapi.json is OpenAPI 3.1 and describes every /api/v1 route with its schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
            requestBody?: unknown;
            parameters?: unknown[];
          }
        >
      >;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    const routes = app.printRoutes({ commonPrefix: false });
    const expected = [
      ['post', '/api/v1/auth/sign-in'],
      ['post', '/api/v1/auth/sign-out'],
      ['get', '/api/v1/me'],
      ['patch', '/api/v1/me'],
      ['get', '/api/v1/me/tokens'],
      ['post', '/api/v1/me/tokens'],
      ['delete', '/api/v1/me/tokens/{id}'],
      ['get', '/api/v1/organizations'],
      ['get', '/api/v1/organizations/{id}'],
      ['get', '/api/v1/auditlog'],
      ['get', '/api/v1/events/stream'],
    ] as const;
    for (const [method, path] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(routes).toContain(
        path
          .split('/')
          .pop()
          ?.replace(/\{.*\}/, ':id'),
      );
      if (path === '/api/v1/events/stream') continue;
      const codes = Object.keys(op?.responses ?? {});
      expect(codes.length, `${method} ${path} responses`).toBeGreaterThan(0);
      const success = codes.find((c) => c.startsWith('2'));
      expect(success, `${method} ${path} success response`).toBeDefined();
      if (success !== '204')
        expect(op?.responses?.[success ?? '']?.content?.['application/json']?.schema).toBeDefined();
      if (method === 'post' || method === 'patch') {
        if (!path.endsWith('sign-out')) expect(op?.requestBody, `${method} ${path} body`).toBeDefined();
      }
    }
    const count = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBeGreaterThanOrEqual(expected.length);
  });

  test('the docs page is served', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
