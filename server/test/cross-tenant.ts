import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { AuthHeaders } from './helper.ts';

/**
 * The cross-tenant harness: another organisation's request for a resource answers 404 (never 403, never the data),
 * and the snapshot of what the resource holds is the same before and after. Use it for every route.
 */
export async function expectCrossTenantNotFound(
  app: FastifyInstance,
  request: InjectOptions,
  outsider: AuthHeaders,
  snapshot: () => Promise<unknown>,
): Promise<void> {
  const before = await snapshot();
  const res = await app.inject({ ...request, headers: { ...request.headers, ...outsider } });
  const what = `${String(request.method)} ${typeof request.url === 'string' ? request.url : ''}`;
  expect(res.statusCode, `${what} as another organisation`).toBe(404);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
  expect(await snapshot()).toEqual(before);
}
