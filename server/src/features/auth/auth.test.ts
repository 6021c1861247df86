import argon2 from 'argon2';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, test, vi } from 'vitest';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { createOrganization, createUser, signIn, TEST_PASSWORD, userRow } from '../../../test/factories.ts';
import { BoundedConcurrency, passwordHashing } from '../../platform/auth/passwords.ts';
import { users } from '../../core/tenancy/users.ts';
import { sessions } from '../../platform/auth/tables.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { FAILURE_MEMORY_MS, lockDuration, SIGN_IN_FREE_FAILURES } from './service.ts';

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

  test('a sign-in posted from a foreign page is refused', async () => {
    const user = await createUser(database, org);
    const res = await signInRequest(user.email, TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_rejected' });
  });
});

let sprayed = 0;
/** `count` failed sign-ins of made-up accounts; argon2 answers at once (a spy), the throttle is the real one. */
async function spray(target: FastifyInstance, remoteAddress: string, count: number, forwardedFor?: () => string) {
  const fast = vi.spyOn(argon2, 'verify').mockResolvedValue(false);
  try {
    for (let i = 0; i < count; i++) {
      const forwarded = forwardedFor?.();
      const res = await target.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        remoteAddress,
        headers: { origin: TEST_ORIGIN, ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) },
        payload: { email: `spray-${++sprayed}@example.com`, password: 'guess' },
      });
      expect(res.statusCode).toBe(401);
    }
  } finally {
    fast.mockRestore();
  }
}

const from = (
  remoteAddress: string,
  email: string,
  password: string,
  target: FastifyInstance = app,
  headers: Record<string, string> = {},
) =>
  target.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress,
    headers: { origin: TEST_ORIGIN, ...headers },
    payload: { email, password },
  });

describe('sign-in throttling', () => {
  test('failures of one account from one address lock that pair, not the account elsewhere nor the address', async () => {
    const user = await createUser(database, org);
    const neighbour = await createUser(database, org);
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.1', user.email, 'wrong')).statusCode).toBe(401);
    const locked = await from('198.51.100.1', user.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await from('198.51.100.2', user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await from('198.51.100.1', neighbour.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  test('failures of one account from many addresses lock the account, even with the right password', async () => {
    const user = await createUser(database, org);
    for (let i = 0; i < 10; i++) {
      expect((await from(`198.51.100.${10 + i}`, user.email, 'wrong')).statusCode).toBe(401);
    }
    expect((await from('198.51.100.99', user.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect(lockDuration(5, 5)).toBeLessThan(lockDuration(6, 5));
    expect(lockDuration(60, 5)).toBe(15 * 60 * 1000);
    expect(lockDuration(4, 5)).toBe(0);
  });

  test('an address spraying accounts is locked at a much higher ceiling, but not for who signed in from it before', async () => {
    const nat = '192.0.2.77';
    const regular = await createUser(database, org);
    expect((await from(nat, regular.email, TEST_PASSWORD)).statusCode).toBe(200);
    await spray(app, nat, SIGN_IN_FREE_FAILURES.address - 1);
    const colleague = await createUser(database, org);
    expect((await from(nat, colleague.email, TEST_PASSWORD)).statusCode).toBe(200); // one more than before is fine
    await spray(app, nat, 1);
    const newcomer = await createUser(database, org);
    expect((await from(nat, newcomer.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await from('192.0.2.78', newcomer.email, TEST_PASSWORD)).statusCode).toBe(200);
    // Who signed in from this address before is not locked out by someone else's spray, and a typo does not lock it.
    expect((await from(nat, regular.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await from(nat, regular.email, 'typo')).statusCode).toBe(401);
    expect((await from(nat, regular.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await from(nat, colleague.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  test('locks end and counters are forgotten: one failure after a lock and a sign-in does not lock again', async () => {
    const clocked = await buildTestApp();
    const o = await createOrganization(clocked.database, 'partner');
    const [user, other, later] = [
      await createUser(clocked.database, o),
      await createUser(clocked.database, o),
      await createUser(clocked.database, o),
    ];
    const at = (ms: number) => clocked.setNow(new Date(clocked.now().getTime() + ms));
    const nat = '203.0.113.50';
    await spray(clocked.app, nat, SIGN_IN_FREE_FAILURES.address);
    expect((await from(nat, user.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(429);
    at(lockDuration(SIGN_IN_FREE_FAILURES.address, SIGN_IN_FREE_FAILURES.address) + 1000);
    expect((await from(nat, user.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(200);
    expect((await from(nat, user.email, 'typo', clocked.app)).statusCode).toBe(401);
    expect((await from(nat, user.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(200);
    // The spray is still remembered for others: the next failure from the address locks it again, for longer.
    expect((await from(nat, other.email, 'typo', clocked.app)).statusCode).toBe(401);
    expect((await from(nat, other.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(429);
    // An hour without failures and the address starts again from zero.
    at(FAILURE_MEMORY_MS + 1000);
    expect((await from(nat, later.email, 'typo', clocked.app)).statusCode).toBe(401);
    expect((await from(nat, later.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(200);
    expect((await from(nat, other.email, TEST_PASSWORD, clocked.app)).statusCode).toBe(200);
  });

  test('without TRUST_PROXY, rotating X-Forwarded-For does not escape the address throttle', async () => {
    let n = 0;
    const rotating = () => `198.18.${Math.floor(++n / 250)}.${n % 250}`;
    // 127.0.0.2: loopback, as a proxy on the same host would be; kept apart from the other tests' 127.0.0.1.
    await spray(app, '127.0.0.2', SIGN_IN_FREE_FAILURES.address, rotating);
    const user = await createUser(database, org);
    const res = await from('127.0.0.2', user.email, TEST_PASSWORD, app, { 'x-forwarded-for': rotating() });
    expect(res.statusCode).toBe(429);
  });

  test('with TRUST_PROXY=127.0.0.1 the forwarded address is the one throttled, and only from that proxy', async () => {
    const proxied = await buildTestApp({ config: { TRUST_PROXY: '127.0.0.1' } });
    const o = await createOrganization(proxied.database, 'partner');
    const user = await createUser(proxied.database, o);
    await spray(proxied.app, '127.0.0.1', SIGN_IN_FREE_FAILURES.address, () => '203.0.113.9');
    const via = (client: string) => ({ 'x-forwarded-for': client });
    expect((await from('127.0.0.1', user.email, TEST_PASSWORD, proxied.app, via('203.0.113.9'))).statusCode).toBe(429);
    const ok = await from('127.0.0.1', user.email, TEST_PASSWORD, proxied.app, via('203.0.113.10'));
    expect(ok.statusCode).toBe(200);
    const [session] = await unsafeSystemTransaction(proxied.database.db, (tx) =>
      tx.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.userId, user.id)),
    );
    expect(session?.ip).toBe('203.0.113.10');
    // Another host is no proxy of ours: its X-Forwarded-For is not believed.
    let n = 0;
    await spray(proxied.app, '127.0.0.3', SIGN_IN_FREE_FAILURES.address, () => `198.18.0.${++n % 250}`);
    const after = await from('127.0.0.3', user.email, TEST_PASSWORD, proxied.app, via('198.18.1.1'));
    expect(after.statusCode).toBe(429);
  });
});

describe('password hashing', () => {
  test('at most two hashes run at once; beyond the queue, sign-ins are answered 503 with Retry-After', async () => {
    // The dummy hash of unknown accounts is made once, before the count starts.
    await from('100.64.0.1', `warm-${Date.now()}@example.com`, 'x');
    const { concurrency, queue } = passwordHashing;
    let running = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const verify = vi.spyOn(argon2, 'verify').mockImplementation(async () => {
      running++;
      most = Math.max(most, running);
      await gate;
      running--;
      return false;
    });
    try {
      const statuses: number[] = [];
      const requests = Array.from({ length: concurrency + queue + 3 }, (_, i) =>
        from(`100.64.1.${i + 1}`, `flood-${i}-${Date.now()}@example.com`, 'x').then((res) => {
          statuses.push(res.statusCode);
          if (res.statusCode === 503) {
            expect(res.json()).toMatchObject({ code: 'overloaded' });
            expect(res.headers['retry-after']).toBe('1');
          }
          return res;
        }),
      );
      // The three beyond the queue are answered while the others still wait for their hash.
      await vi.waitFor(() => expect(statuses).toEqual([503, 503, 503]));
      expect(passwordHashing.active).toBe(concurrency);
      expect(passwordHashing.waiting).toBe(queue);
      release();
      await Promise.all(requests);
      expect(most).toBe(concurrency);
      expect(statuses.filter((s) => s === 401)).toHaveLength(concurrency + queue);
      expect(verify).toHaveBeenCalledTimes(concurrency + queue);
    } finally {
      release();
      verify.mockRestore();
    }
  });

  test('a refused task gives its place to none; a finished one hands its slot to the next waiting', async () => {
    const bounded = new BoundedConcurrency(1, 1);
    const order: string[] = [];
    let finish!: () => void;
    const first = bounded.run(() => new Promise<void>((resolve) => (finish = resolve)).then(() => order.push('a')));
    const second = bounded.run(async () => order.push('b'));
    await expect(bounded.run(async () => order.push('c'))).rejects.toMatchObject({ code: 'overloaded' });
    expect([bounded.active, bounded.waiting]).toEqual([1, 1]);
    finish();
    await Promise.all([first, second]);
    expect(order).toEqual(['a', 'b']);
    expect([bounded.active, bounded.waiting]).toEqual([0, 0]);
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

test('a password hashed with older parameters (four lanes) is re-hashed with one lane at the next sign-in', async () => {
  const user = await createUser(database, org);
  const old = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, parallelism: 4 });
  await unsafeSystemTransaction(database.db, (tx) =>
    tx.update(users).set({ passwordHash: old }).where(eq(users.id, user.id)),
  );
  await signIn(app, user);
  const rehashed = (await userRow(database, user.id))?.passwordHash ?? '';
  expect(rehashed).not.toBe(old);
  expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
  expect(await argon2.verify(rehashed, TEST_PASSWORD)).toBe(true);
  // And the new hash signs in as well.
  expect((await signInRequest(user.email, TEST_PASSWORD)).statusCode).toBe(200);
});
