import { describe, expect, test } from 'vitest';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { createOrganization, createUser, signIn, TEST_PASSWORD, userRow } from '../../../test/factories.ts';
import { lockDuration } from './service.ts';

const HOUR = 3_600_000;
const t = await buildTestApp();
const { app, database } = t;
const org = await createOrganization(database, 'partner');

const signInRequest = (email: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    headers: { origin: TEST_ORIGIN, ...headers },
    payload: { email, password },
  });

describe('POST /api/v1/auth/sign-in', () => {
  test('400 for a malformed body, and nothing signed in', async () => {
    for (const payload of [{}, { email: 'no-at-sign', password: 'x' }, { email: 'a@b.c' }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { origin: TEST_ORIGIN },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
      expect(res.cookies).toHaveLength(0);
    }
  });

  test('sets an HttpOnly, SameSite=Lax session cookie and answers the profile', async () => {
    const user = await createUser(database, org, ['reader']);
    const res = await signInRequest(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'relais_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(res.json()).toMatchObject({ user: { email: user.email }, roles: ['reader'], organization: { id: org.id } });
    expect((await userRow(database, user.id))?.lastSignInAt).toBeInstanceOf(Date);
  });

  test('the cookie is Secure when PUBLIC_URL is https', async () => {
    const secure = await buildTestApp({ config: { PUBLIC_URL: 'https://relais.example' } });
    const o = await createOrganization(secure.database, 'customer');
    const user = await createUser(secure.database, o);
    const res = await secure.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'https://relais.example' },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(res.cookies.find((c) => c.name === 'relais_session')?.secure).toBe(true);
  });

  test('an unknown e-mail and a wrong password get the same answer', async () => {
    const user = await createUser(database, org);
    const unknown = await signInRequest(`nobody-${Date.now()}@example.com`, TEST_PASSWORD, {
      'x-forwarded-for': '203.0.113.1',
    });
    const wrong = await signInRequest(user.email, 'wrong-password', { 'x-forwarded-for': '203.0.113.2' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  test('repeated failures lock the account with growing delays, even with the right password', async () => {
    const user = await createUser(database, org);
    for (let i = 0; i < 5; i++) {
      const res = await signInRequest(user.email, 'wrong', { 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await signInRequest(user.email, TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.99' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(lockDuration(5, 5)).toBeLessThan(lockDuration(6, 5));
    expect(lockDuration(60, 5)).toBe(15 * 60 * 1000);
    expect(lockDuration(4, 5)).toBe(0);
  });

  test('repeated failures from one address lock that address for every account', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i++) await signInRequest(`spray-${i}@example.com`, 'x', { 'x-forwarded-for': ip });
    const user = await createUser(database, org);
    expect((await signInRequest(user.email, TEST_PASSWORD, { 'x-forwarded-for': ip })).statusCode).toBe(429);
    expect((await signInRequest(user.email, TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.78' })).statusCode).toBe(200);
  });

  test('a sign-in posted from a foreign page is refused', async () => {
    const user = await createUser(database, org);
    const res = await signInRequest(user.email, TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_rejected' });
  });
});

describe('sessions', () => {
  test('a cookie-authenticated unsafe request needs the app origin or Sec-Fetch-Site same-origin', async () => {
    const user = await createUser(database, org);
    const { cookie } = await signIn(app, user);
    const patch = (headers: Record<string, string>) =>
      app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, ...headers }, payload: { language: 'fr' } });
    expect((await patch({})).json()).toMatchObject({ code: 'csrf_rejected' });
    expect((await patch({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await patch({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await patch({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await patch({ origin: TEST_ORIGIN })).statusCode).toBe(200);
  });

  test('a forged or unsigned cookie is no session', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'relais_session=forged.value' },
    });
    expect(res.statusCode).toBe(401);
  });

  test('sign-out ends the session on the server', async () => {
    const user = await createUser(database, org);
    const headers = await signIn(app, user);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
  });

  test('a session expires after 8 idle hours, and after 7 days whatever the activity', async () => {
    const clocked = await buildTestApp();
    const o = await createOrganization(clocked.database, 'partner');
    const user = await createUser(clocked.database, o);
    const me = async (headers: Record<string, string>) =>
      (await clocked.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode;
    const start = clocked.now().getTime();
    const idle = await signIn(clocked.app, user);
    clocked.setNow(new Date(start + 7 * HOUR));
    expect(await me(idle)).toBe(200); // activity at +7 h moves the idle window
    clocked.setNow(new Date(start + 14 * HOUR));
    expect(await me(idle)).toBe(200);
    clocked.setNow(new Date(start + 23 * HOUR));
    expect(await me(idle)).toBe(401);

    const busy = await signIn(clocked.app, user);
    const from = clocked.now().getTime();
    for (let h = 6; h < 7 * 24; h += 6) {
      clocked.setNow(new Date(from + h * HOUR));
      expect(await me(busy)).toBe(200);
    }
    clocked.setNow(new Date(from + 7 * 24 * HOUR + 1000));
    expect(await me(busy)).toBe(401);
  });
});
