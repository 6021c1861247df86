import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp } from '../../../test/helper.ts';
import { createOrganization, signedInOrganization } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { apiTokens } from '../../platform/auth/tables.ts';

const { app, database } = await buildTestApp();
const org = await createOrganization(database, 'partner');
const other = await createOrganization(database, 'partner');
const owner = await signedInOrganization(app, database, org, ['reader']);
const colleague = await signedInOrganization(app, database, org, ['admin']);
const outsider = await signedInOrganization(app, database, other);

const tokenRow = (id: string) => () =>
  unsafeSystemTransaction(database.db, (tx) => tx.select().from(apiTokens).where(eq(apiTokens.id, id)));

async function create(headers: Record<string, string>, payload: object = { name: 'CI script' }) {
  return app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload });
}

describe('/api/v1/me/tokens', () => {
  test('401 without credentials on every route', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/me/tokens' })).statusCode).toBe(401);
    expect((await create({})).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${crypto.randomUUID()}` })).statusCode).toBe(
      401,
    );
  });

  test('400 for a missing name or an expiry out of range, and nothing created', async () => {
    for (const payload of [{}, { name: '' }, { name: 'x', expiresInDays: 0 }, { name: 'x', expiresInDays: 366 }]) {
      expect((await create(owner.headers, payload)).statusCode).toBe(400);
    }
    const list = await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: owner.headers });
    expect(list.json()).toMatchObject({ totalCount: 0, items: [] });
  });

  test('the secret is shown once, stored hashed, and authenticates as the owner', async () => {
    const res = await create(owner.headers, { name: 'Nightly export', expiresInDays: 30 });
    expect(res.statusCode).toBe(201);
    const created = res.json<{ id: string; token: string; prefix: string; expiresAt: string }>();
    expect(created.token).toMatch(/^rls_/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const [row] = await tokenRow(created.id)();
    expect(row?.tokenHash).not.toContain(created.token);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: owner.headers });
    expect(JSON.stringify(listed.json())).not.toContain(created.token);
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: owner.user.id }, roles: ['reader'] });
    // Bearer requests carry no cookie, so they need no Origin.
    const patch = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
      payload: { language: 'en' },
    });
    expect(patch.statusCode).toBe(200);
  });

  test('a wrong bearer token is 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer rls_nope' } });
    expect(res.statusCode).toBe(401);
  });

  test('another user, even of the same organisation, gets 404 and the token keeps working', async () => {
    const created = (await create(owner.headers)).json<{ id: string; token: string }>();
    const request = { method: 'DELETE' as const, url: `/api/v1/me/tokens/${created.id}` };
    await expectCrossTenantNotFound(app, request, outsider.headers, tokenRow(created.id));
    await expectCrossTenantNotFound(app, request, colleague.headers, tokenRow(created.id));
    const listed = await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: outsider.headers });
    expect(listed.json()).toMatchObject({ totalCount: 0 });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(me.statusCode).toBe(200);
  });

  test('revoking ends the token at once; revoking again is 404', async () => {
    const created = (await create(owner.headers)).json<{ id: string; token: string }>();
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${created.id}`, headers: owner.headers });
    expect(del.statusCode).toBe(204);
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(me.statusCode).toBe(401);
    const again = await app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${created.id}`,
      headers: owner.headers,
    });
    expect(again.statusCode).toBe(404);
  });
});
