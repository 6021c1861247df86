import { describe, expect, test } from 'vitest';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';

const { app } = await buildTestApp();

// Every public write that ends with a session in the browser (route config `signsIn`): the one guard in the auth
// plugin refuses it from another site's page, before the body is even read.
const signingIn = [
  { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@example.com', password: 'x' } },
  { method: 'POST', url: '/api/v1/auth/sso/start', payload: { email: 'a@example.com' } },
  { method: 'POST', url: `/api/v1/invitations/${'t'.repeat(43)}`, payload: { password: 'Correct-horse-9' } },
  { method: 'POST', url: `/api/v1/activation/${'t'.repeat(43)}`, payload: {} },
] as const;

describe('login CSRF: one same-origin guard for every public write that signs a browser in', () => {
  test.each(signingIn)('$url from a foreign Origin: 403 csrf_rejected, no cookie', async (request) => {
    const res = await app.inject({ ...request, headers: { origin: 'https://evil.example' } });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_rejected' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test.each(signingIn)(
    '$url from the portal itself, or from a script without Origin, is not refused so',
    async (request) => {
      for (const headers of [{ origin: TEST_ORIGIN }, {}]) {
        const res = await app.inject({ ...request, headers });
        expect(res.statusCode, res.body).not.toBe(403);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }
    },
  );
});
