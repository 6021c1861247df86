import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { buildTestApp } from '../../../test/helper.ts';
import { createPartner, signedInOrganization } from '../../../test/factories.ts';
import { loggableUrl } from './request-log.ts';

const t = await buildTestApp();
const { partner } = await createPartner(t.database);
const admin = await signedInOrganization(t.app, t.database, partner);

describe('what the server lets out besides its answers (issue 11 §6)', () => {
  test('authenticated API answers are not to be cached; every answer denies unused browser features', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const problem = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customers/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
    });
    expect(problem.statusCode).toBe(404);
    expect(problem.headers['cache-control']).toBe('no-store');
    for (const res of [me, problem, await t.app.inject({ method: 'GET', url: '/healthz' })]) {
      expect(res.headers['permissions-policy']).toMatch(/(^|, )camera=\(\)/);
      expect(res.headers['permissions-policy']).toMatch(/(^|, )geolocation=\(\)/);
    }
  });

  test('link secrets in paths stay out of the request log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const app = await buildApp({ config: t.config, database: t.database, clock: t.now, events: t.events, logger });
    try {
      for (const url of [
        '/api/v1/invitations/SECRETinvitation0123456789',
        '/api/v1/activation/SECRETactivation0123456789?lang=fr',
        '/invitation/SECRETwebinvitation0123456789',
        '/activate/SECRETwebactivation0123456789',
      ]) {
        await app.inject({ method: 'GET', url });
      }
    } finally {
      await app.close();
    }
    const logged = lines.join('');
    expect(logged).toContain('/api/v1/invitations/[redacted]');
    expect(logged).toContain('/activate/[redacted]');
    expect(logged).not.toMatch(/SECRET/);
  });

  test('only the secret segment is redacted', () => {
    expect(loggableUrl('/api/v1/activation/abc.def?x=1')).toBe('/api/v1/activation/[redacted]?x=1');
    expect(loggableUrl('/api/v1/operators/1234')).toBe('/api/v1/operators/1234');
    expect(loggableUrl('/api/v1/invitations')).toBe('/api/v1/invitations');
  });
});

test('a problem about a mailed link does not echo its secret in `instance`', async () => {
  const secret = 'S3cretLinkToken-abcdefghijklmnopqrstuvwxyz0123';
  for (const url of [`/api/v1/invitations/${secret}`, `/api/v1/activation/${secret}`]) {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
    expect(res.body, url).not.toContain(secret);
    expect(res.json<{ instance: string }>().instance).toMatch(/\/\[redacted\]$/);
  }
});
