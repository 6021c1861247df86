import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createOrganization, createPartner, signedInOrganization, userRow } from '../../../test/factories.ts';

const { app, database } = await buildTestApp();

describe('GET /api/v1/me', () => {
  test('401 without credentials', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  test('pages follow the organisation kind and the role', async () => {
    const vendor = await createOrganization(database, 'vendor');
    const { distributor, partner } = await createPartner(database);
    const customer = await createOrganization(database, 'customer');
    const cases = [
      {
        org: vendor,
        roles: ['admin'],
        has: ['distributors', 'partners', 'customers', 'operators', 'auditlog'],
        not: ['organization', 'rewards'],
      },
      { org: distributor, roles: ['admin'], has: ['partners', 'customers', 'rewards'], not: ['distributors'] },
      { org: partner, roles: ['admin'], has: ['customers', 'operators', 'tokens'], not: ['partners', 'distributors'] },
      {
        org: partner,
        roles: ['reader'],
        has: ['customers', 'tokens', 'settings'],
        not: ['operators', 'auditlog', 'rewards'],
      },
      {
        org: customer,
        roles: ['admin'],
        has: ['organization', 'operators'],
        not: ['customers', 'partners', 'distributors'],
      },
    ] as const;
    for (const c of cases) {
      const { headers } = await signedInOrganization(app, database, c.org, [...c.roles]);
      const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers })).json<{
        pages: string[];
        permissions: string[];
      }>();
      expect(me.pages, `${c.org.kind} ${c.roles.join()}`).toEqual(expect.arrayContaining([...c.has]));
      for (const page of c.not) expect(me.pages, `${c.org.kind} ${c.roles.join()} ${page}`).not.toContain(page);
    }
  });
});

describe('PATCH /api/v1/me', () => {
  test('400 for an unknown language or an empty body, and nothing changes', async () => {
    const org = await createOrganization(database, 'partner');
    const { headers, user } = await signedInOrganization(app, database, org);
    for (const payload of [{ language: 'de' }, {}, { language: 'fr', role: 'admin' }]) {
      const res = await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload });
      expect(res.statusCode).toBe(400);
    }
    expect((await userRow(database, user.id))?.language).toBeNull();
  });

  test('saves the language, which then picks the language of error messages', async () => {
    const org = await createOrganization(database, 'partner');
    const { headers, user } = await signedInOrganization(app, database, org);
    const res = await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { language: 'fr' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { language: 'fr' } });
    expect((await userRow(database, user.id))?.language).toBe('fr');
    const err = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${crypto.randomUUID()}`,
      headers: { ...headers, 'accept-language': 'en' },
    });
    expect(err.json()).toMatchObject({ code: 'not_found', title: 'Introuvable' });
  });
});
