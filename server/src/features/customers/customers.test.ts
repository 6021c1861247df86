import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { body, buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { createSku, createSubscription, openIncident } from '../../../test/factories-catalogue.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { testDatabaseKind } from '../../../test/databases.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { incidents } from '../servicehealth/tables.ts';
import type { CustomerSummary, OrganizationFigures } from './schemas.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

const vendor = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: trey } = await createPartner(database, contoso);
const { distributor: fabrikam, partner: litware } = await createPartner(database);
const cafe = await createOrganization(database, 'customer', {
  name: 'Café Lumière',
  primaryDomain: 'lumiere-paris.example',
});
await createCustomerLink(cafe.id, adatum.id);
const fourthCoffee = await createCustomer(database, adatum);
const northwind = await createCustomer(database, adatum);
const treyCustomer = await createCustomer(database, trey);
const contosoDirect = await createCustomer(database, contoso);
const litwareCustomer = await createCustomer(database, litware);
const soonGone = await createCustomer(database, adatum, { endsInDays: 5 });

const { product: mail, sku: mailPlan } = await createSku(database, 'new_commerce');
const { sku: legacyPlan } = await createSku(database, 'legacy');
await createSubscription(database, {
  customerId: cafe.id,
  skuId: mailPlan.id,
  billingProviderId: contoso.id,
  quantity: 25,
  endsInDays: 20,
});
await createSubscription(database, {
  customerId: cafe.id,
  skuId: legacyPlan.id,
  billingProviderId: contoso.id,
  quantity: 5,
  endsInDays: 200,
});
await createSubscription(database, {
  customerId: fourthCoffee.id,
  skuId: legacyPlan.id,
  billingProviderId: contoso.id,
  quantity: 300,
  endsInDays: 90,
});
await createSubscription(database, {
  customerId: treyCustomer.id,
  skuId: mailPlan.id,
  billingProviderId: contoso.id,
  quantity: 7,
  endsInDays: 45,
});
await createSubscription(database, {
  customerId: litwareCustomer.id,
  skuId: mailPlan.id,
  billingProviderId: fabrikam.id,
  quantity: 1,
  endsInDays: 45,
});

const asVendor = await signedInOrganization(app, database, vendor);
const asContoso = await signedInOrganization(app, database, contoso);
const asAdatum = await signedInOrganization(app, database, adatum);
const asLitware = await signedInOrganization(app, database, litware);
const asCustomer = await signedInOrganization(app, database, fourthCoffee);

async function createCustomerLink(customerId: string, providerId: string) {
  const { delegatedAdminRelationships } = await import('../../core/tenancy/tables.ts');
  await unsafeSystemTransaction(database.db, (tx) =>
    tx.insert(delegatedAdminRelationships).values({
      providerId,
      customerId,
      roles: ['admin_agent'],
      durationDays: 365,
      status: 'active',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 300 * DAY),
    }),
  );
}

type Page<T> = { items: T[]; totalCount: number; links: { self: string; next?: string } };

async function get<T>(headers: Record<string, string>, url: string): Promise<Page<T>> {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return body<Page<T>>(res);
}

/** Follows links.next to the end. */
async function all<T>(headers: Record<string, string>, url: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = url;
  while (next) {
    const page: Page<T> = await get<T>(headers, next);
    items.push(...page.items);
    next = page.links.next;
  }
  return items;
}

describe('GET /api/v1/customers', () => {
  test('a partner sees the customers that granted it delegated access, with their figures', async () => {
    const page = await get<CustomerSummary>(asAdatum.headers, '/api/v1/customers');
    expect(page.items.map((c) => c.id).sort()).toEqual([cafe.id, fourthCoffee.id, northwind.id, soonGone.id].sort());
    expect(page.totalCount).toBe(4);
    const row = page.items.find((c) => c.id === cafe.id);
    expect(row).toMatchObject({
      name: 'Café Lumière',
      primaryDomain: 'lumiere-paris.example',
      health: 'healthy',
      openServiceRequests: 0,
      licences: 30,
      expiringSoon: true,
      skus: [legacyPlan.name, mailPlan.name].sort(),
    });
    expect(new Date(row?.nextExpiry ?? 0).getTime()).toBeGreaterThan(Date.now() + 19 * DAY);
    expect(page.items.find((c) => c.id === northwind.id)).toMatchObject({ licences: 0, nextExpiry: null, skus: [] });
  });

  test("a distributor sees its partners' customers and its own, not another distributor's", async () => {
    const ids = (await all<CustomerSummary>(asContoso.headers, '/api/v1/customers?size=2')).map((c) => c.id);
    expect(ids.sort()).toEqual(
      [cafe.id, fourthCoffee.id, northwind.id, soonGone.id, treyCustomer.id, contosoDirect.id].sort(),
    );
    expect(ids).not.toContain(litwareCustomer.id);
  });

  test('search matches part of the name or domain, ignoring case and accents', async () => {
    for (const search of ['cafe', 'CAFÉ', 'lumi', 'PARIS.exa']) {
      const page = await get<CustomerSummary>(
        asAdatum.headers,
        `/api/v1/customers?search=${encodeURIComponent(search)}`,
      );
      expect(
        page.items.map((c) => c.id),
        search,
      ).toEqual([cafe.id]);
      expect(page.totalCount, search).toBe(1);
    }
    // LIKE wildcards are text, and another partner's customer is never found
    expect((await get(asAdatum.headers, '/api/v1/customers?search=%25')).totalCount).toBe(0);
    expect((await get(asLitware.headers, '/api/v1/customers?search=cafe')).totalCount).toBe(0);
  });

  test('every sort, both orders, pages through the whole list in the right order', async () => {
    const expected = await all<CustomerSummary>(asContoso.headers, '/api/v1/customers?size=500');
    const value: Record<string, (c: CustomerSummary) => string | number> = {
      name: (c) => c.name,
      domain: (c) => c.primaryDomain,
      health: (c) => ['healthy', 'advisory', 'incident'].indexOf(c.health),
      openServiceRequests: (c) => c.openServiceRequests,
      licences: (c) => c.licences,
      nextExpiry: (c) => (c.nextExpiry ? new Date(c.nextExpiry).getTime() : Number.MAX_SAFE_INTEGER),
    };
    for (const [sort, key] of Object.entries(value)) {
      for (const order of ['asc', 'desc'] as const) {
        const got = await all<CustomerSummary>(
          asContoso.headers,
          `/api/v1/customers?sort=${sort}&order=${order}&size=2`,
        );
        expect(got).toHaveLength(expected.length);
        const keys = got.map(key);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys, `${sort} ${order}`).toEqual(order === 'asc' ? sorted : sorted.reverse());
      }
    }
  });

  test('an open incident on a product marks its subscribers; sort by health puts them first; filter by health', async () => {
    const incident = await openIncident(database, mail.id, 'incident');
    const page = await get<CustomerSummary>(asContoso.headers, '/api/v1/customers?sort=health&order=desc');
    expect(
      page.items
        .slice(0, 2)
        .map((c) => c.id)
        .sort(),
    ).toEqual([cafe.id, treyCustomer.id].sort());
    expect(page.items[0]?.health).toBe('incident');
    const filtered = await get<CustomerSummary>(asContoso.headers, '/api/v1/customers?health=incident');
    expect(filtered.items.map((c) => c.id).sort()).toEqual([cafe.id, treyCustomer.id].sort());
    expect(filtered.totalCount).toBe(2);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(incidents).set({ status: 'resolved' }).where(eq(incidents.id, incident.id)),
    );
    expect((await get(asContoso.headers, '/api/v1/customers?health=incident')).totalCount).toBe(0);
  });

  test('a renamed customer is found by its new name', async () => {
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(organizations).set({ name: 'Northwind Énergie' }).where(eq(organizations.id, northwind.id)),
    );
    const page = await get<CustomerSummary>(asAdatum.headers, '/api/v1/customers?search=energie');
    expect(page.items.map((c) => c.id)).toEqual([northwind.id]);
  });

  test('a searched list pages in every sort, each page carrying the number of matches', async () => {
    const everything = await all<CustomerSummary>(asContoso.headers, '/api/v1/customers?size=500');
    const matching = everything.filter((c) => `${c.name} ${c.primaryDomain}`.toLowerCase().includes('example'));
    expect(matching.length).toBeGreaterThan(3);
    for (const sort of ['name', 'domain', 'health', 'licences', 'nextExpiry']) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let next: string | undefined = `/api/v1/customers?search=example&sort=${sort}&order=${order}&size=2`;
        while (next) {
          const page: Page<CustomerSummary> = await get<CustomerSummary>(asContoso.headers, next);
          expect(page.totalCount, `${sort} ${order}`).toBe(matching.length);
          seen.push(...page.items.map((c) => c.id));
          next = page.links.next;
        }
        const listed = await all<CustomerSummary>(
          asContoso.headers,
          `/api/v1/customers?sort=${sort}&order=${order}&size=500`,
        );
        const expected = listed.filter((c) => matching.some((m) => m.id === c.id)).map((c) => c.id);
        expect(seen, `${sort} ${order}`).toEqual(expected);
      }
    }
  });

  test('a search whose next page no longer matches still reports its total', async () => {
    const first = await get<CustomerSummary>(asAdatum.headers, '/api/v1/customers?search=example&size=500');
    const page = await get<CustomerSummary>(
      asAdatum.headers,
      `/api/v1/customers?search=example&size=${first.totalCount - 1}`,
    );
    const last = first.items[first.items.length - 1];
    expect(page.links.next).toBeDefined();
    if (!last || !page.links.next) return;
    const { organizationSummaries } = await import('./tables.ts');
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(organizationSummaries)
        .set({ searchKey: 'gone' })
        .where(eq(organizationSummaries.organizationId, last.id)),
    );
    try {
      const after = await get<CustomerSummary>(asAdatum.headers, page.links.next);
      expect(after.items).toEqual([]);
      expect(after.totalCount).toBe(first.totalCount - 1);
    } finally {
      await unsafeSystemTransaction(database.db, (tx) =>
        tx
          .update(organizationSummaries)
          .set({ searchKey: sql`relais_fold(name || ' ' || primary_domain)` })
          .where(eq(organizationSummaries.organizationId, last.id)),
      );
    }
  });

  test('bad sort, order, health or cursor: 400 problem details', async () => {
    for (const query of ['sort=colour', 'order=up', 'health=sick', 'cursor=abc', 'size=501']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/customers?${query}`, headers: asAdatum.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: query.startsWith('cursor') ? 'invalid_cursor' : 'validation_failed' });
    }
  });

  test('a customer organisation has no Customers list: 403', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/customers', headers: asCustomer.headers });
    expect(res.statusCode).toBe(403);
  });

  test('a delegated relationship that ends hides the customer by time alone', async () => {
    const before = await get<CustomerSummary>(asAdatum.headers, '/api/v1/customers');
    expect(before.items.map((c) => c.id)).toContain(soonGone.id);
    t.setNow(new Date(Date.now() + 6 * DAY));
    try {
      // sessions idle out after 8 hours: sign in again, six days later
      const later = await signedInOrganization(app, database, adatum);
      const after = await get<CustomerSummary>(later.headers, '/api/v1/customers');
      expect(after.items.map((c) => c.id)).not.toContain(soonGone.id);
      expect(after.totalCount).toBe(before.totalCount - 1);
      await expectCrossTenantNotFound(
        app,
        { method: 'GET', url: `/api/v1/customers/${soonGone.id}` },
        later.headers,
        async () => null,
      );
    } finally {
      t.setNow(new Date());
    }
  });
});

describe('GET /api/v1/partners and /distributors', () => {
  test("a distributor's partners carry the sums over their customers once the worker ran", async () => {
    await t.drain();
    const page = await get<OrganizationFigures>(asContoso.headers, '/api/v1/partners?sort=licences&order=desc');
    expect(page.items.map((p) => p.id)).toEqual([adatum.id, trey.id]);
    expect(page.items[0]).toMatchObject({ kind: 'partner', customerCount: 4, licences: 330 });
    expect(page.items[1]).toMatchObject({ customerCount: 1, licences: 7, skus: [mailPlan.name] });
  });

  test('a new subscription reaches the partner figures through the queue', async () => {
    await createSubscription(database, {
      customerId: northwind.id,
      skuId: mailPlan.id,
      billingProviderId: contoso.id,
      quantity: 10,
      endsInDays: 100,
    });
    await t.drain();
    const page = await get<OrganizationFigures>(
      asContoso.headers,
      `/api/v1/partners?search=${encodeURIComponent(adatum.name)}`,
    );
    expect(page.items[0]).toMatchObject({ id: adatum.id, licences: 340 });
  });

  test('the vendor lists distributors; a partner may not list partners', async () => {
    const page = await get<OrganizationFigures>(asVendor.headers, '/api/v1/distributors');
    expect(page.items.map((d) => d.id).sort()).toEqual([contoso.id, fabrikam.id].sort());
    for (const url of ['/api/v1/partners', '/api/v1/distributors']) {
      const res = await app.inject({ method: 'GET', url, headers: asAdatum.headers });
      expect(res.statusCode, url).toBe(403);
    }
    const res = await app.inject({ method: 'GET', url: '/api/v1/distributors', headers: asContoso.headers });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/v1/customers/{id}', () => {
  test('the details pane: address, subscriptions summary, admin-centre links, relationship, providers', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/customers/${cafe.id}`, headers: asAdatum.headers });
    expect(res.statusCode).toBe(200);
    const detail = res.json<Record<string, unknown>>();
    expect(detail).toMatchObject({
      id: cafe.id,
      name: 'Café Lumière',
      address: { city: 'Testville', country: 'FR' },
      subscriptionsSummary: { active: 2, licences: 30, expiringWithin30Days: 1 },
      relationship: { kind: 'delegated_admin', status: 'active' },
      providers: [{ id: adatum.id, kind: 'partner' }],
    });
    const centers = detail.adminCenters as { url: string }[];
    expect(centers.map((c) => c.url)).toContain(`https://admin.example/${String(cafe.directoryTenantId)}`);
  });

  test('another partner gets 404 for the customer and its subscriptions, and nothing changes', async () => {
    for (const url of [`/api/v1/customers/${cafe.id}`, `/api/v1/customers/${cafe.id}/subscriptions`]) {
      await expectCrossTenantNotFound(
        app,
        { method: 'GET', url },
        asLitware.headers,
        async () => (await get(asAdatum.headers, `/api/v1/customers?search=cafe`)).items,
      );
    }
  });
});

describe('GET /api/v1/customers/export', () => {
  test('streams the whole list as CSV, in the order asked, headers in the caller language', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/customers/export?sort=licences&order=desc',
      headers: { ...asContoso.headers, 'accept-language': 'fr' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'Nom,Domaine principal,État du service,Demandes de service ouvertes,Licences,Prochaine expiration,SKU',
    );
    const listed = await all<CustomerSummary>(asContoso.headers, '/api/v1/customers?sort=licences&order=desc&size=500');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(listed.map((c) => String(c.licences)));
    expect(lines).toHaveLength(listed.length + 1);
  });

  test('a cell that a spreadsheet would run as a formula is defused', async () => {
    const evil = await createCustomer(database, fabrikam);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(organizations).set({ name: '=HYPERLINK("http://evil")' }).where(eq(organizations.id, evil.id)),
    );
    const asFabrikam = await signedInOrganization(app, database, fabrikam);
    const res = await app.inject({ method: 'GET', url: '/api/v1/customers/export', headers: asFabrikam.headers });
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

// Concurrency needs a server with several connections: PGlite is one connection, so this runs on PostgreSQL only.
if (testDatabaseKind === 'postgres') {
  describe('concurrent changes', () => {
    test('two subscriptions created at once for one customer both count in its licences', async () => {
      const customer = await createCustomer(database, adatum);
      await Promise.all(
        [3, 4].map((quantity) =>
          createSubscription(database, {
            customerId: customer.id,
            skuId: mailPlan.id,
            billingProviderId: contoso.id,
            quantity,
            endsInDays: 50,
          }),
        ),
      );
      const page = await get<CustomerSummary>(
        asAdatum.headers,
        `/api/v1/customers?search=${encodeURIComponent(customer.primaryDomain)}`,
      );
      expect(page.items[0]?.licences).toBe(7);
    });
  });
}
