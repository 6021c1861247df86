import { describe, expect, test } from 'vitest';
import { body, buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { eq } from 'drizzle-orm';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

// One small graph per file: vendor → two distributors → partners → customers in several states.
const vendor = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { distributor: fabrikam, partner: litware } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
const litwareCustomer = await createCustomer(database, litware);
const expiringSoon = await createCustomer(database, adatum, { endsInDays: 10 });
const expired = await createCustomer(database, adatum, { endsInDays: -1 });
const pending = await createCustomer(database, adatum, { status: 'pending' });
const terminated = await createCustomer(database, adatum, { status: 'terminated' });
const contosoDirect = await createCustomer(database, contoso);

const asVendor = await signedInOrganization(app, database, vendor);
const asContoso = await signedInOrganization(app, database, contoso);
const asAdatum = await signedInOrganization(app, database, adatum);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asLitware = await signedInOrganization(app, database, litware);
const asCustomer = await signedInOrganization(app, database, fourthCoffee);

async function listIds(headers: Record<string, string>, query = 'size=500') {
  const res = await app.inject({ method: 'GET', url: `/api/v1/organizations?${query}`, headers });
  expect(res.statusCode).toBe(200);
  return body<{ items: { id: string }[]; totalCount: number }>(res).items.map((i) => i.id);
}

describe('GET /api/v1/organizations', () => {
  test('401 without a session', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organizations' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthenticated' });
  });

  test('400 with a bad kind, size or cursor, in the caller language', async () => {
    for (const query of ['kind=planet', 'size=0', 'size=501', 'cursor=not-a-cursor']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/organizations?${query}`,
        headers: { ...asAdatum.headers, 'accept-language': 'fr-FR,fr;q=0.9' },
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject(
        query.startsWith('cursor')
          ? { code: 'invalid_cursor', title: 'Lien de page invalide' }
          : { code: 'validation_failed', title: 'Requête invalide' },
      );
    }
  });

  test('a partner sees itself and the customers with active (or expiring) delegated access only', async () => {
    const ids = await listIds(asAdatum.headers);
    expect(ids).toEqual(expect.arrayContaining([adatum.id, fourthCoffee.id, expiringSoon.id]));
    for (const hidden of [expired, pending, terminated, litwareCustomer, litware, contoso, contosoDirect, vendor]) {
      expect(ids).not.toContain(hidden.id);
    }
  });

  test('a distributor sees its partners, their customers and its direct customers, not another distributor', async () => {
    const ids = await listIds(asContoso.headers);
    expect(ids).toEqual(expect.arrayContaining([contoso.id, adatum.id, fourthCoffee.id, contosoDirect.id]));
    for (const hidden of [fabrikam, litware, litwareCustomer, expired, pending, vendor])
      expect(ids).not.toContain(hidden.id);
  });

  test('the vendor sees everything; a customer sees itself', async () => {
    const all = await listIds(asVendor.headers);
    expect(all).toEqual(expect.arrayContaining([vendor.id, contoso.id, fabrikam.id, litwareCustomer.id, pending.id]));
    expect(await listIds(asCustomer.headers)).toEqual([fourthCoffee.id]);
  });

  test('filters by kind and by partial name or domain, case-insensitively', async () => {
    const customers = await listIds(asAdatum.headers, 'kind=customer&size=500');
    expect(customers).not.toContain(adatum.id);
    expect(customers).toContain(fourthCoffee.id);
    const part = fourthCoffee.primaryDomain.slice(9, 15).toUpperCase();
    expect(await listIds(asAdatum.headers, `search=${part}`)).toEqual([fourthCoffee.id]);
    expect(await listIds(asAdatum.headers, `search=${encodeURIComponent('%')}`)).toEqual([]);
  });

  test('pages with a cursor until every visible organisation was returned once', async () => {
    const all = await listIds(asVendor.headers);
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/organizations?size=2';
    while (url) {
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({
        method: 'GET',
        url,
        headers: asVendor.headers,
      });
      const page: { items: { id: string }[]; totalCount: number; links: { next?: string } } = body<{
        items: { id: string }[];
        totalCount: number;
        links: { next?: string };
      }>(res);
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(all.length);
      seen.push(...page.items.map((i) => i.id));
      url = page.links.next;
    }
    expect(seen).toEqual(all);
  });

  test('a relationship that reaches its end date hides the customer by time alone', async () => {
    const other = await buildTestApp();
    const { partner } = await createPartner(other.database);
    const endingSoon = await createCustomer(other.database, partner, { endsInDays: 10, now: other.now() });
    const list = async () => {
      const who = await signedInOrganization(other.app, other.database, partner);
      const res = await other.app.inject({
        method: 'GET',
        url: '/api/v1/organizations?size=500',
        headers: who.headers,
      });
      return body<{ items: { id: string }[] }>(res).items.map((i) => i.id);
    };
    expect(await list()).toContain(endingSoon.id);
    other.setNow(new Date(other.now().getTime() + 11 * DAY));
    expect(await list()).not.toContain(endingSoon.id);
  });
});

describe('GET /api/v1/organizations/{id}', () => {
  const url = (id: string) => `/api/v1/organizations/${id}`;
  const snapshot = (id: string) => () =>
    unsafeSystemTransaction(database.db, async (tx) => tx.select().from(organizations).where(eq(organizations.id, id)));

  test('401, then 400 for a malformed id', async () => {
    expect((await app.inject({ method: 'GET', url: url(fourthCoffee.id) })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: url('not-a-uuid'), headers: asAdatum.headers });
    expect(res.statusCode).toBe(400);
  });

  test('another organisation gets 404 and nothing changes', async () => {
    await expectCrossTenantNotFound(
      app,
      { method: 'GET', url: url(fourthCoffee.id) },
      asLitware.headers,
      snapshot(fourthCoffee.id),
    );
    await expectCrossTenantNotFound(
      app,
      { method: 'GET', url: url(litwareCustomer.id) },
      asAdatum.headers,
      snapshot(litwareCustomer.id),
    );
    await expectCrossTenantNotFound(
      app,
      { method: 'GET', url: url(expired.id) },
      asAdatum.headers,
      snapshot(expired.id),
    );
  });

  test('an unknown id is the same 404 as an invisible one', async () => {
    const res = await app.inject({ method: 'GET', url: url(crypto.randomUUID()), headers: asAdatum.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  test('a visible customer, with the relationship to the caller', async () => {
    const res = await app.inject({ method: 'GET', url: url(expiringSoon.id), headers: asAdatumReader.headers });
    expect(res.statusCode).toBe(200);
    const org = res.json<Record<string, unknown>>();
    expect(org).toMatchObject({
      id: expiringSoon.id,
      kind: 'customer',
      primaryDomain: expiringSoon.primaryDomain,
      address: { city: 'Testville', country: 'FR' },
      relationship: { kind: 'delegated_admin', status: 'expiring' },
    });
    expect(org).not.toHaveProperty('addressLine1');
  });

  test("a partner's parent is its distributor when the caller may see it", async () => {
    const res = await app.inject({ method: 'GET', url: url(adatum.id), headers: asContoso.headers });
    expect(res.json()).toMatchObject({
      parent: { id: contoso.id, kind: 'distributor' },
      relationship: { kind: 'reseller', status: 'active' },
    });
    const own = await app.inject({ method: 'GET', url: url(adatum.id), headers: asAdatum.headers });
    expect(own.json()).toMatchObject({ parent: null, relationship: null });
  });
});
