import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import {
  advance,
  createProduct,
  eventsAbout,
  incidentsSnapshot,
  subscribe,
  summaryOf,
} from '../../../test/factories-support.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

// vendor → Contoso → Adatum (partner) → its customers; Fabrikam → Litware → Litware's customer.
const vendor = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
const tailspin = await createCustomer(database, adatum);
const litwareCustomer = await createCustomer(database, litware);

const asVendor = await signedInOrganization(app, database, vendor);
const asVendorReader = await signedInOrganization(app, database, vendor, ['reader']);
const asAdatum = await signedInOrganization(app, database, adatum);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asLitware = await signedInOrganization(app, database, litware);
const asCustomer = await signedInOrganization(app, database, fourthCoffee);

type Incident = {
  id: string;
  reference: string;
  status: string;
  endsAt: string | null;
  startsAt: string;
  customerIds: string[];
  updates: { status: string; message: string; postedAt: string }[];
};
type Page = { totalCount: number; items: Incident[]; links: { next?: string } };
type Health = { customerId: string; health: string; open: Incident[]; recentlyResolved: Incident[] };

/** A product with two SKUs, and customers subscribed to it (through Contoso's billing). */
async function productWithSubscribers(...customers: { id: string }[]) {
  const { product, skus } = await createProduct(database, { skuCount: 2 });
  for (const [i, customer] of customers.entries()) {
    await subscribe(database, { customerId: customer.id, skuId: skus[i % 2]?.id ?? '', billingProviderId: contoso.id });
  }
  return product;
}

const incidentBody = (productId: string, extra: object = {}) => ({
  productId,
  kind: 'incident',
  title: 'Mail delivery delayed',
  severity: 'high',
  message: 'We are investigating delays in mail delivery.',
  scope: 'product',
  ...extra,
});

function open(headers: Record<string, string>, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload });
}
async function opened(payload: object) {
  const res = await open(asVendor.headers, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Incident>();
}
function post(id: string, headers: Record<string, string>, payload: object, ifMatch?: string) {
  return app.inject({
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    headers: { ...headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload,
  });
}
async function affected(incidentId: string) {
  return (await eventsAbout(database, incidentId, 'incident.affecting')).map((e) => e.organizationId).sort();
}
async function healthOf(customerId: string, headers = asAdatum.headers) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/customers/${customerId}/servicehealth`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Health>();
}

describe('/api/v1/incidents', () => {
  test('401 without credentials on every route', async () => {
    const id = crypto.randomUUID();
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/incidents' },
      { method: 'POST' as const, url: '/api/v1/incidents', payload: incidentBody(id) },
      { method: 'PATCH' as const, url: `/api/v1/incidents/${id}`, payload: { message: 'x' } },
      { method: 'GET' as const, url: `/api/v1/customers/${fourthCoffee.id}/servicehealth` },
    ]) {
      expect((await app.inject(request)).statusCode, `${request.method} ${request.url}`).toBe(401);
    }
  });

  test('403 for anyone but the vendor, or a vendor Reader, and nothing changes', async () => {
    const product = await productWithSubscribers(fourthCoffee);
    const incident = await opened(incidentBody(product.id));
    const snapshot = incidentsSnapshot(database);
    const before = await snapshot();
    for (const headers of [asAdatum.headers, asVendorReader.headers, asCustomer.headers]) {
      const created = await open(headers, incidentBody(product.id));
      expect(created.statusCode).toBe(403);
      expect(created.json()).toMatchObject({ code: 'forbidden' });
      const updated = await post(incident.id, headers, { status: 'resolved', message: 'Not mine to say' });
      expect(updated.statusCode).toBe(403);
      expect(updated.json()).toMatchObject({ code: 'forbidden' });
    }
    expect(await snapshot()).toEqual(before);
    await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Done' });
  });

  test('400 for invalid incidents and updates, with the field, and nothing changes', async () => {
    const product = await productWithSubscribers();
    const incident = await opened(incidentBody(product.id));
    const snapshot = incidentsSnapshot(database);
    const before = await snapshot();
    const cases: [object, string][] = [
      [incidentBody(product.id, { kind: 'outage' }), 'body/kind'],
      [incidentBody(product.id, { title: 'ab' }), 'body/title'],
      [incidentBody(product.id, { message: '' }), 'body/message'],
      [incidentBody(product.id, { message: '   ' }), 'body/message'],
      [incidentBody(product.id, { severity: 'critical' }), 'body/severity'],
      [incidentBody(product.id, { startsAt: 'yesterday' }), 'body/startsAt'],
      [incidentBody(product.id, { scope: 'customers' }), 'body/customerIds'],
      [incidentBody(product.id, { scope: 'product', customerIds: [fourthCoffee.id] }), 'body/customerIds'],
      [incidentBody(product.id, { scope: 'customers', customerIds: [crypto.randomUUID()] }), 'body/customerIds'],
      [incidentBody(product.id, { scope: 'customers', customerIds: [fourthCoffee.id, adatum.id] }), 'body/customerIds'],
      [incidentBody(crypto.randomUUID()), 'body/productId'],
    ];
    for (const [payload, path] of cases) {
      const res = await open(asVendor.headers, payload);
      expect(res.statusCode, path).toBe(400);
      const problem = res.json<{ code: string; errors: { path: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path).join(' ')).toContain(path);
    }
    for (const payload of [{}, { status: 'done', message: 'x' }, { message: '  ' }, { message: 'x', extra: 1 }]) {
      const res = await post(incident.id, asVendor.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await snapshot()).toEqual(before);
    const unknown = await post(crypto.randomUUID(), asVendor.headers, { message: 'x' });
    expect(unknown.statusCode).toBe(404);
    await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Done' });
  });

  test('a product incident: its subscribers are told once, updated, resolved, reopened', async () => {
    const subscriber = await createCustomer(database, adatum);
    const bystander = await createCustomer(database, adatum);
    const product = await productWithSubscribers(subscriber, litwareCustomer);
    await productWithSubscribers(bystander);
    const startedAt = t.now().toISOString();

    const res = await open(asVendor.headers, incidentBody(product.id));
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const incident = res.json<Incident>();
    expect(incident.reference).toMatch(/^INC-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(incident).toMatchObject({
      product: { id: product.id, name: product.name },
      kind: 'incident',
      title: 'Mail delivery delayed',
      status: 'investigating',
      severity: 'high',
      scope: 'product',
      startsAt: startedAt,
      endsAt: null,
      customerIds: [],
      updates: [
        { status: 'investigating', message: 'We are investigating delays in mail delivery.', postedAt: startedAt },
      ],
    });

    const [createdEvent] = await eventsAbout(database, incident.id, 'incident.created');
    expect(createdEvent).toMatchObject({
      organizationId: vendor.id,
      actorOrganizationId: vendor.id,
      targetLabel: `${incident.reference} Mail delivery delayed`,
    });
    expect(await affected(incident.id)).toEqual([subscriber.id, litwareCustomer.id].sort());
    const [one] = await eventsAbout(database, incident.id, 'incident.affecting');
    expect(one).toMatchObject({
      actorOrganizationId: vendor.id,
      actorUserId: asVendor.user.id,
      targetType: 'incident',
      targetLabel: `${incident.reference} Mail delivery delayed`,
      changes: { kind: 'incident', severity: 'high', status: 'investigating' },
    });
    expect((await summaryOf(database, subscriber.id))?.health).toBe('incident');
    expect((await summaryOf(database, bystander.id))?.health).toBe('healthy');

    advance(t);
    const mitigating = await post(
      incident.id,
      asVendor.headers,
      { status: 'mitigating', message: 'Rerouting.' },
      '"1"',
    );
    expect(mitigating.statusCode).toBe(200);
    expect(mitigating.headers.etag).toBe('"2"');
    expect(mitigating.json<Incident>().updates.map((u) => [u.status, u.message])).toEqual([
      ['mitigating', 'Rerouting.'],
      ['investigating', 'We are investigating delays in mail delivery.'],
    ]);
    const [updatedEvent] = await eventsAbout(database, incident.id, 'incident.updated');
    expect(updatedEvent).toMatchObject({
      organizationId: vendor.id,
      changes: { status: { from: 'investigating', to: 'mitigating' }, message: 'Rerouting.' },
    });

    const snapshot = incidentsSnapshot(database);
    const before = await snapshot();
    const stale = await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Late' }, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed' });
    expect(await snapshot()).toEqual(before);

    advance(t);
    const resolvedAt = t.now().toISOString();
    const resolved = await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Fixed.' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', endsAt: resolvedAt });
    expect((await summaryOf(database, subscriber.id))?.health).toBe('healthy');
    expect(await affected(incident.id)).toHaveLength(2);

    advance(t);
    const reopened = await post(
      incident.id,
      asVendor.headers,
      { status: 'investigating', message: 'It is back.' },
      '"3"',
    );
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'investigating', endsAt: null });
    expect(await affected(incident.id)).toEqual(
      [subscriber.id, subscriber.id, litwareCustomer.id, litwareCustomer.id].sort(),
    );
    expect((await summaryOf(database, subscriber.id))?.health).toBe('incident');
    await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Fixed for good.' });
  });

  test('an advisory on listed customers: only they are told, and each viewer sees only the customers it sees', async () => {
    const product = await productWithSubscribers(fourthCoffee);
    const advisory = await opened(
      incidentBody(product.id, {
        kind: 'advisory',
        severity: 'low',
        scope: 'customers',
        customerIds: [tailspin.id, litwareCustomer.id, tailspin.id],
      }),
    );
    expect(await affected(advisory.id)).toEqual([tailspin.id, litwareCustomer.id].sort());
    expect((await summaryOf(database, tailspin.id))?.health).toBe('advisory');

    const listedFor = async (headers: Record<string, string>) => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/incidents?status=open&size=500', headers });
      expect(res.statusCode).toBe(200);
      return res.json<Page>().items.find((i) => i.id === advisory.id)?.customerIds;
    };
    expect(await listedFor(asVendor.headers)).toEqual([tailspin.id, litwareCustomer.id].sort());
    expect(await listedFor(asAdatumReader.headers)).toEqual([tailspin.id]);
    expect(await listedFor(asLitware.headers)).toEqual([litwareCustomer.id]);
    expect(await listedFor(asCustomer.headers)).toEqual([]);
    await post(advisory.id, asVendor.headers, { status: 'resolved', message: 'Done' });
    expect((await summaryOf(database, tailspin.id))?.health).toBe('healthy');
  });

  test('every signed-in organisation lists incidents, newest first, by status, page by page', async () => {
    const product = await productWithSubscribers();
    const base = t.now().getTime();
    const older = await opened(incidentBody(product.id, { startsAt: new Date(base - 2 * DAY).toISOString() }));
    const newer = await opened(incidentBody(product.id, { startsAt: new Date(base - DAY).toISOString() }));
    await post(older.id, asVendor.headers, { status: 'resolved', message: 'Done' });

    for (const headers of [asCustomer.headers, asLitware.headers, asAdatumReader.headers]) {
      const all = (await app.inject({ method: 'GET', url: '/api/v1/incidents?size=500', headers })).json<Page>();
      const ids = all.items.map((i) => i.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      const starts = all.items.map((i) => i.startsAt);
      expect(starts).toEqual([...starts].sort().reverse());
      const openIds = (await app.inject({ method: 'GET', url: '/api/v1/incidents?status=open&size=500', headers }))
        .json<Page>()
        .items.map((i) => i.id);
      expect(openIds).toContain(newer.id);
      expect(openIds).not.toContain(older.id);
      const resolved = (
        await app.inject({ method: 'GET', url: '/api/v1/incidents?status=resolved&size=500', headers })
      ).json<Page>();
      expect(resolved.items.map((i) => i.id)).toContain(older.id);
      expect(resolved.items.every((i) => i.status === 'resolved')).toBe(true);
      expect(resolved.totalCount + openIds.length).toBe(all.totalCount);
    }

    const all = (
      await app.inject({ method: 'GET', url: '/api/v1/incidents?size=500', headers: asCustomer.headers })
    ).json<Page>();
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/incidents?size=2';
    while (url) {
      const page: Page = (await app.inject({ method: 'GET', url, headers: asCustomer.headers })).json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.items.map((i) => i.id));
      url = page.links.next;
    }
    expect(seen).toEqual(all.items.map((i) => i.id));
    await post(newer.id, asVendor.headers, { status: 'resolved', message: 'Done' });
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/incidents?status=closed',
      headers: asCustomer.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/v1/customers/{id}/servicehealth', () => {
  test('open incidents touching the customer, those resolved in the last 7 days, and its health', async () => {
    const customer = await createCustomer(database, adatum);
    const asItself = await signedInOrganization(app, database, customer, ['reader']);
    const product = await productWithSubscribers(customer);
    const other = await productWithSubscribers(fourthCoffee);
    const incident = await opened(incidentBody(product.id));
    const advisory = await opened(
      incidentBody(other.id, { kind: 'advisory', severity: 'low', scope: 'customers', customerIds: [customer.id] }),
    );
    const elsewhere = await opened(incidentBody(other.id));
    advance(t);
    await post(advisory.id, asVendor.headers, { status: 'resolved', message: 'Done' });

    for (const headers of [asAdatumReader.headers, asItself.headers, asVendorReader.headers]) {
      const health = await healthOf(customer.id, headers);
      expect(health.customerId).toBe(customer.id);
      expect(health.health).toBe('incident');
      expect(health.open.map((i) => i.id)).toEqual([incident.id]);
      expect(health.recentlyResolved.map((i) => i.id)).toEqual([advisory.id]);
      expect(health.recentlyResolved[0]?.updates.map((u) => u.status)).toEqual(['resolved', 'investigating']);
    }
    expect((await healthOf(fourthCoffee.id)).open.map((i) => i.id)).toContain(elsewhere.id);
    await post(elsewhere.id, asVendor.headers, { status: 'resolved', message: 'Done' });
    await post(incident.id, asVendor.headers, { status: 'resolved', message: 'Done' });
    const calm = await healthOf(customer.id);
    expect(calm).toMatchObject({ health: 'healthy', open: [] });
    expect(calm.recentlyResolved.map((i) => i.id).sort()).toEqual([incident.id, advisory.id].sort());

    const start = t.now();
    try {
      t.setNow(new Date(start.getTime() + 8 * DAY));
      const later = await signedInOrganization(app, database, adatum, ['reader']);
      expect(await healthOf(customer.id, later.headers)).toMatchObject({
        health: 'healthy',
        open: [],
        recentlyResolved: [],
      });
    } finally {
      t.setNow(start);
    }
  });

  test('another partner gets 404 and nothing changes; so does an id that is not a visible customer', async () => {
    const url = (id: string) => `/api/v1/customers/${id}/servicehealth`;
    const snapshot = async () => ({
      incidents: await incidentsSnapshot(database)(),
      summary: await summaryOf(database, fourthCoffee.id),
    });
    await expectCrossTenantNotFound(app, { method: 'GET', url: url(fourthCoffee.id) }, asLitware.headers, snapshot);
    await expectCrossTenantNotFound(app, { method: 'GET', url: url(litwareCustomer.id) }, asAdatum.headers, snapshot);
    await expectCrossTenantNotFound(app, { method: 'GET', url: url(tailspin.id) }, asCustomer.headers, snapshot);
    await expectCrossTenantNotFound(app, { method: 'GET', url: url(adatum.id) }, asVendor.headers, snapshot);
    await expectCrossTenantNotFound(app, { method: 'GET', url: url(crypto.randomUUID()) }, asAdatum.headers, snapshot);
  });

  test('when delegated access ends, the customer disappears for the partner and its distributor', async () => {
    const start = t.now();
    const ending = await createCustomer(database, adatum, { endsInDays: 5, now: start });
    expect((await healthOf(ending.id)).customerId).toBe(ending.id);
    try {
      t.setNow(new Date(start.getTime() + 6 * DAY));
      const snapshot = () => summaryOf(database, ending.id);
      for (const who of [adatum, contoso]) {
        const signed = await signedInOrganization(app, database, who, ['reader']);
        await expectCrossTenantNotFound(
          app,
          { method: 'GET', url: `/api/v1/customers/${ending.id}/servicehealth` },
          signed.headers,
          snapshot,
        );
      }
      const itself = await signedInOrganization(app, database, ending, ['reader']);
      expect((await healthOf(ending.id, itself.headers)).customerId).toBe(ending.id);
    } finally {
      t.setNow(start);
    }
  });
});
