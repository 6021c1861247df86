import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { createSku, createSubscription } from '../../../test/factories-catalogue.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import type { Subscription } from './schemas.ts';
import { subscriptions } from './tables.ts';

const { app, database } = await buildTestApp();

const vendor = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { distributor: fabrikam, partner: litware } = await createPartner(database);
const cafe = await createCustomer(database, adatum);
const litwareCustomer = await createCustomer(database, litware);
const { sku: plan } = await createSku(database, 'new_commerce');

const asVendor = (await signedInOrganization(app, database, vendor)).headers;
const asContoso = (await signedInOrganization(app, database, contoso)).headers;
const asAdatum = (await signedInOrganization(app, database, adatum)).headers;
const asFabrikam = (await signedInOrganization(app, database, fabrikam)).headers;
const asLitware = (await signedInOrganization(app, database, litware)).headers;
const asContosoReader = (await signedInOrganization(app, database, contoso, ['reader'])).headers;

/** One subscription of Café billed by Contoso, written directly: the object the read and change tests act on. */
const existing = await createSubscription(database, {
  customerId: cafe.id,
  skuId: plan.id,
  billingProviderId: contoso.id,
  quantity: 10,
  endsInDays: 200,
});

const rowOf = (id: string) =>
  unsafeSystemTransaction(
    database.db,
    async (tx) => (await tx.select().from(subscriptions).where(eq(subscriptions.id, id)))[0],
  );
const countFor = (customerId: string) =>
  unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(subscriptions)
      .where(eq(subscriptions.customerId, customerId));
    return row?.n ?? 0;
  });
const eventsOf = (targetId: string, action: string) =>
  unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select({ organizationId: events.organizationId, changes: events.changes })
      .from(events)
      .where(and(eq(events.targetId, targetId), eq(events.action, action))),
  );

const create = (headers: Record<string, string> | undefined, customerId: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, headers, payload });

describe('subscriptions: sign-in required', () => {
  test('every subscription route answers 401 without a session, and nothing is created', async () => {
    const before = await countFor(cafe.id);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/customers/${cafe.id}/subscriptions`, undefined],
      ['POST', `/api/v1/customers/${cafe.id}/subscriptions`, { skuId: plan.id, quantity: 1, termMonths: 12 }],
      ['GET', `/api/v1/subscriptions/${existing.id}`, undefined],
      ['PATCH', `/api/v1/subscriptions/${existing.id}`, { quantity: 2 }],
    ] as const) {
      const res = await app.inject({ method, url, headers: { origin: TEST_ORIGIN }, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await countFor(cafe.id)).toBe(before);
    expect((await rowOf(existing.id))?.quantity).toBe(10);
  });
});

describe('POST /customers/{id}/subscriptions', () => {
  test('the billing distributor creates one through its partner: 201, ETag, the commitment end, an audit record', async () => {
    const res = await create(asContoso, cafe.id, {
      skuId: plan.id,
      quantity: 25,
      termMonths: 12,
      startsAt: '2026-01-15T00:00:00.000Z',
      resellerId: adatum.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const created = res.json<Subscription>();
    expect(created).toMatchObject({
      customerId: cafe.id,
      sku: { id: plan.id, code: plan.code },
      quantity: 25,
      status: 'active',
      termMonths: 12,
      autoRenew: true,
      startsAt: '2026-01-15T00:00:00.000Z',
      commitmentEndsAt: '2027-01-15T00:00:00.000Z',
      billingProvider: { id: contoso.id, name: contoso.name },
      reseller: { id: adatum.id, name: adatum.name },
    });
    expect(await eventsOf(created.id, 'subscription.created')).toEqual([
      { organizationId: cafe.id, changes: { skuId: plan.id, quantity: 25, termMonths: 12 } },
    ]);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/customers/${cafe.id}/subscriptions`,
      headers: asAdatum,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: Subscription[] }>().items.map((s) => s.id)).toContain(created.id);
  });

  test('the vendor names the billing distributor; without one it is a 400 on that field', async () => {
    const missing = await create(asVendor, cafe.id, { skuId: plan.id, quantity: 1, termMonths: 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body/billingProviderId' }],
    });
    const res = await create(asVendor, cafe.id, {
      skuId: plan.id,
      quantity: 3,
      termMonths: 36,
      billingProviderId: contoso.id,
      autoRenew: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Subscription>()).toMatchObject({
      billingProvider: { id: contoso.id },
      reseller: null,
      termMonths: 36,
      autoRenew: false,
    });
  });

  test('bad input is a 400 naming the field, and creates nothing', async () => {
    const before = await countFor(cafe.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ skuId: plan.id, quantity: 0, termMonths: 12 }, 'body/quantity'],
      [{ skuId: plan.id, quantity: 1_000_001, termMonths: 12 }, 'body/quantity'],
      [{ skuId: plan.id, quantity: 1, termMonths: 7 }, 'body/termMonths'],
      [{ skuId: 'plan', quantity: 1, termMonths: 12 }, 'body/skuId'],
      [{ skuId: plan.id, quantity: 1, termMonths: 12, price: 4 }, 'body'],
      [{ skuId: cafe.id, quantity: 1, termMonths: 12 }, 'body/skuId'],
      [{ skuId: plan.id, quantity: 1, termMonths: 12, resellerId: litware.id }, 'body/resellerId'],
      [{ skuId: plan.id, quantity: 1, termMonths: 12, billingProviderId: fabrikam.id }, 'body/billingProviderId'],
    ];
    for (const [payload, path] of cases) {
      const res = await create(asContoso, cafe.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const problem = res.json<{ code: string; errors: { path: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path).join(' '), JSON.stringify(payload)).toContain(path);
    }
    expect(await countFor(cafe.id)).toBe(before);
  });

  test('a partner, or a reader of the distributor, may not create one: 403, nothing created', async () => {
    const before = await countFor(cafe.id);
    for (const headers of [asAdatum, asContosoReader]) {
      const res = await create(headers, cafe.id, { skuId: plan.id, quantity: 1, termMonths: 12 });
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await countFor(cafe.id)).toBe(before);
  });

  test('another distributor gets 404 for a customer it does not see, and nothing is created', async () => {
    await expectCrossTenantNotFound(
      app,
      {
        method: 'POST',
        url: `/api/v1/customers/${cafe.id}/subscriptions`,
        payload: { skuId: plan.id, quantity: 1, termMonths: 12 },
      },
      asFabrikam,
      () => countFor(cafe.id),
    );
  });

  test('a partner is refused alike for a customer it sees and one it does not: the answer tells nothing', async () => {
    const payload = { skuId: plan.id, quantity: 1, termMonths: 12 };
    const before = [await countFor(litwareCustomer.id), await countFor(cafe.id)];
    const seen = await create(asLitware, litwareCustomer.id, payload);
    const unseen = await create(asLitware, cafe.id, payload);
    expect([seen.statusCode, unseen.statusCode]).toEqual([403, 403]);
    expect(unseen.json<{ code: string }>().code).toBe(seen.json<{ code: string }>().code);
    expect([await countFor(litwareCustomer.id), await countFor(cafe.id)]).toEqual(before);
  });
});

describe('GET and PATCH /subscriptions/{id}', () => {
  test('everyone who sees the customer reads it, with its ETag; another channel gets 404', async () => {
    for (const headers of [asVendor, asContoso, asAdatum]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/subscriptions/${existing.id}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Subscription>()).toMatchObject({ id: existing.id, quantity: 10, customerId: cafe.id });
      expect(res.headers.etag).toBe(`"${String(existing.version)}"`);
    }
    for (const outsider of [asFabrikam, asLitware]) {
      await expectCrossTenantNotFound(
        app,
        { method: 'GET', url: `/api/v1/subscriptions/${existing.id}` },
        outsider,
        () => rowOf(existing.id),
      );
    }
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000',
      headers: asContoso,
    });
    expect(unknown.statusCode).toBe(404);
  });

  test('the billing distributor changes it under If-Match: 200 and a new ETag; a stale tag is 412 and changes nothing', async () => {
    const target = await createSubscription(database, {
      customerId: cafe.id,
      skuId: plan.id,
      billingProviderId: contoso.id,
      quantity: 5,
      endsInDays: 100,
    });
    const url = `/api/v1/subscriptions/${target.id}`;
    const res = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...asContoso, 'if-match': '"1"' },
      payload: { quantity: 8, autoRenew: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Subscription>()).toMatchObject({ quantity: 8, autoRenew: false });
    expect(res.headers.etag).toBe('"2"');
    expect(await eventsOf(target.id, 'subscription.updated')).toEqual([
      {
        organizationId: cafe.id,
        changes: { quantity: { from: 5, to: 8 }, autoRenew: { from: true, to: false } },
      },
    ]);

    const stale = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...asContoso, 'if-match': '"1"' },
      payload: { quantity: 9 },
    });
    expect(stale.statusCode).toBe(412);
    expect((await rowOf(target.id))?.quantity).toBe(8);
  });

  test('a cancelled subscription is final: 409', async () => {
    const target = await createSubscription(database, {
      customerId: cafe.id,
      skuId: plan.id,
      billingProviderId: contoso.id,
      quantity: 2,
      endsInDays: 100,
    });
    const url = `/api/v1/subscriptions/${target.id}`;
    const cancel = await app.inject({ method: 'PATCH', url, headers: asContoso, payload: { status: 'cancelled' } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const again = await app.inject({ method: 'PATCH', url, headers: asContoso, payload: { status: 'active' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
    expect((await rowOf(target.id))?.status).toBe('cancelled');
  });

  test('bad changes are 400 and change nothing; the partner may read but not change: 403', async () => {
    const url = `/api/v1/subscriptions/${existing.id}`;
    for (const payload of [{}, { quantity: 0 }, { status: 'expired' }, { quantity: 2, price: 1 }]) {
      const res = await app.inject({ method: 'PATCH', url, headers: asContoso, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const partner = await app.inject({ method: 'PATCH', url, headers: asAdatum, payload: { quantity: 2 } });
    expect(partner.statusCode).toBe(403);
    expect((await rowOf(existing.id))?.quantity).toBe(10);
  });

  test('another channel gets 404 on a change, and the subscription stays as it was', async () => {
    for (const outsider of [asFabrikam, asLitware]) {
      await expectCrossTenantNotFound(
        app,
        { method: 'PATCH', url: `/api/v1/subscriptions/${existing.id}`, payload: { quantity: 99 } },
        outsider,
        () => rowOf(existing.id),
      );
    }
    // And Contoso, who bills Café, sees nothing of Litware's customer.
    await expectCrossTenantNotFound(
      app,
      { method: 'GET', url: `/api/v1/customers/${litwareCustomer.id}/subscriptions` },
      asContoso,
      () => countFor(litwareCustomer.id),
    );
  });
});
