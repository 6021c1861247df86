import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { users } from '../../core/tenancy/users.ts';
import { freshDatabase } from '../../../test/databases.ts';
import { createOrganization, createUser, signIn } from '../../../test/factories.ts';
import { makeActor } from '../../core/tenancy/actor.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { rowsOf } from '../db/client.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { EventHub } from '../events/hub.ts';
import { actorOf } from './plugin.ts';
import { SessionCache } from './session-cache.ts';
import { sessions } from './tables.ts';

describe('SessionCache', () => {
  const actor = (id: string) =>
    makeActor({
      userId: id,
      organizationId: id,
      organizationKind: 'partner',
      roles: ['reader'],
      language: null,
      via: { kind: 'session', id },
    });
  const t0 = new Date('2026-11-21T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  test('an entry is served until it is maxAge old, then forgotten', () => {
    const cache = new SessionCache(10, 60_000);
    cache.set('a', actor('a'), t0);
    expect(cache.get('a', at(59_999))?.userId).toBe('a');
    expect(cache.get('a', at(60_000))).toBeNull();
    expect(cache.size).toBe(0);
    // A clock that went back does not make an entry younger than it is.
    cache.set('b', actor('b'), t0);
    expect(cache.get('b', at(-1))).toBeNull();
  });

  test('full, it forgets the entry written longest ago; writing again makes an entry the newest', () => {
    const cache = new SessionCache(2, 60_000);
    cache.set('a', actor('a'), t0);
    cache.set('b', actor('b'), t0);
    cache.set('a', actor('a'), at(1)); // a is now newer than b
    cache.set('c', actor('c'), at(2));
    expect(cache.size).toBe(2);
    expect(cache.get('b', at(3))).toBeNull();
    expect(cache.get('a', at(3))?.userId).toBe('a');
    expect(cache.get('c', at(3))?.userId).toBe('c');
  });
});

// An app with two probe routes that, like the channel lists, declare sessionConfirmedInTransaction: what the scoped
// transaction saw of the actor, and a route that needs operators.manage.
const { database, drop } = await freshDatabase();
let current = new Date();
const clock = () => current;
const events = new EventHub(database, clock);
const app = await buildApp({
  config: loadConfig({ PUBLIC_URL: 'http://localhost:3000', SESSION_SECRET: 'test-secret-test-secret-test-secret-42' }),
  database,
  clock,
  events,
});
for (const [url, permission] of [
  ['/api/v1/probe/actor', 'organizations.read'],
  ['/api/v1/probe/admin', 'operators.manage'],
] as const) {
  app.get(url, { config: { permission, sessionConfirmedInTransaction: true } }, (request) =>
    request.scoped(async (tx) => {
      const actor = actorOf(request);
      const [db] = rowsOf<{ role: string; user: string }>(
        await tx.execute(sql`SELECT current_user AS role, current_setting('relais.actor_user') AS "user"`),
      );
      return { roles: actor.roles, language: actor.language, dbRole: db?.role, dbUser: db?.user };
    }),
  );
}
await app.ready();
afterAll(async () => {
  await app.close();
  await drop();
});

const org = await createOrganization(database, 'partner');

async function signedIn(roles: RoleName[] = ['admin']) {
  const user = await createUser(database, org, roles);
  const headers = await signIn(app, user);
  return { user, headers };
}

const probe = (headers: Record<string, string>, url = '/api/v1/probe/actor') =>
  app.inject({ method: 'GET', url, headers: { cookie: headers.cookie ?? '' } });

const setUser = (id: string, values: Partial<typeof users.$inferInsert>) =>
  unsafeSystemTransaction(database.db, (tx) => tx.update(users).set(values).where(eq(users.id, id)));

describe('sessions confirmed in the transaction', () => {
  test('a second read within the minute takes the session from the cache, and only that kind of route does', async () => {
    const { user, headers } = await signedIn();
    expect((await probe(headers)).statusCode).toBe(200); // looked up, cached
    // Only a lookup by token hash would miss the session now; the confirmation is by session id.
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(sessions).set({ tokenHash: 'moved' }).where(eq(sessions.userId, user.id)),
    );
    const cached = await probe(headers);
    expect(cached.statusCode).toBe(200);
    expect(cached.json()).toMatchObject({ roles: ['admin'], dbRole: 'relais_app', dbUser: user.id });
    // A route that does not confirm in its transaction looks the session up, every time.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
    // After a minute the cached entry is too old: looked up again, and not found.
    current = new Date(current.getTime() + 61_000);
    expect((await probe(headers)).statusCode).toBe(401);
  });

  test('a session ended since it was cached is refused with 401', async () => {
    const { user, headers } = await signedIn();
    expect((await probe(headers)).statusCode).toBe(200);
    await unsafeSystemTransaction(database.db, (tx) => tx.delete(sessions).where(eq(sessions.userId, user.id)));
    const res = await probe(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthenticated' });
  });

  test('a user disabled since is refused with 401', async () => {
    const { user, headers } = await signedIn();
    expect((await probe(headers)).statusCode).toBe(200);
    await setUser(user.id, { status: 'disabled' });
    expect((await probe(headers)).statusCode).toBe(401);
  });

  test('an Admin demoted to Reader since is refused what needs Admin, and read as a Reader', async () => {
    const { user, headers } = await signedIn(['admin']);
    expect((await probe(headers, '/api/v1/probe/admin')).statusCode).toBe(200);
    await setUser(user.id, { roles: ['reader'] });
    const refused = await probe(headers, '/api/v1/probe/admin');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect((await probe(headers)).json()).toMatchObject({ roles: ['reader'] });
  });

  test('a Reader promoted to Admin since is let in at once', async () => {
    const { user, headers } = await signedIn(['reader']);
    expect((await probe(headers, '/api/v1/probe/admin')).statusCode).toBe(403);
    expect((await probe(headers)).statusCode).toBe(200); // cached as a Reader
    await setUser(user.id, { roles: ['admin'] });
    const res = await probe(headers, '/api/v1/probe/admin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['admin'] });
  });

  test('a language changed since is the one the request sees', async () => {
    const { user, headers } = await signedIn();
    expect((await probe(headers)).json()).toMatchObject({ language: null });
    await setUser(user.id, { language: 'fr' });
    expect((await probe(headers)).json()).toMatchObject({ language: 'fr' });
  });
});
