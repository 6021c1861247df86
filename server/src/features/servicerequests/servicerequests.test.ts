import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import {
  advance,
  createProduct,
  customerRequestsSnapshot,
  displayNameOf,
  eventsAbout,
  serviceRequestSnapshot,
  summaryOf,
} from '../../../test/factories-support.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

// vendor → Contoso (distributor) → Adatum (partner) → Fourth Coffee, Wingtip (customers); Fabrikam → Litware.
const vendor = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
const { product } = await createProduct(database);

const asVendor = await signedInOrganization(app, database, vendor);
const asContoso = await signedInOrganization(app, database, contoso);
const asAdatum = await signedInOrganization(app, database, adatum, ['helpdesk_agent']);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asLitware = await signedInOrganization(app, database, litware);
const asCustomer = await signedInOrganization(app, database, fourthCoffee);

type Detail = {
  id: string;
  number: number;
  status: string;
  closedAt: string | null;
  noteCount: number;
  createdBy: { organizationId: string; organizationName: string; userName: string | null; onBehalf: boolean };
  notes: { body: string; authorName: string; authorOrganizationName: string; createdAt: string }[];
};
type Page = { totalCount: number; items: Detail[]; links: { self: string; next?: string } };

const valid = (title = 'Mailbox sync fails') => ({
  title,
  description: 'Since this morning no mailbox synchronises.',
  severity: 'moderate',
  productId: product.id,
  contact: { name: 'Ana Lima', email: 'ana@fourthcoffee.example', phone: '+33 1 23 45 67 89' },
});
const listUrl = (customerId: string, query = '') => `/api/v1/customers/${customerId}/servicerequests${query}`;
const itemUrl = (id: string) => `/api/v1/servicerequests/${id}`;

function create(headers: Record<string, string>, customerId = fourthCoffee.id, payload: object = valid()) {
  return app.inject({ method: 'POST', url: listUrl(customerId), headers, payload });
}
function patch(id: string, headers: Record<string, string>, payload: object, ifMatch?: string) {
  return app.inject({
    method: 'PATCH',
    url: itemUrl(id),
    headers: { ...headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload,
  });
}
async function created(headers = asAdatum.headers, customerId = fourthCoffee.id, payload: object = valid()) {
  const res = await create(headers, customerId, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Detail>();
}

describe('/api/v1/customers/{id}/servicerequests and /api/v1/servicerequests/{id}', () => {
  test('401 without credentials on every route', async () => {
    const id = crypto.randomUUID();
    for (const request of [
      { method: 'GET' as const, url: listUrl(fourthCoffee.id) },
      { method: 'POST' as const, url: listUrl(fourthCoffee.id), payload: valid() },
      { method: 'GET' as const, url: itemUrl(id) },
      { method: 'PATCH' as const, url: itemUrl(id), payload: { note: 'x' } },
    ]) {
      const res = await app.inject(request);
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  test('400 for invalid requests, with the field in error, and nothing created', async () => {
    const snapshot = customerRequestsSnapshot(database, fourthCoffee.id);
    const before = await snapshot();
    const cases: [object, string][] = [
      [{ ...valid(), title: 'ab' }, 'body/title'],
      [{ ...valid(), title: '  ab   ' }, 'body/title'],
      [{ ...valid(), title: 'x'.repeat(201) }, 'body/title'],
      [{ ...valid(), description: '' }, 'body/description'],
      [{ ...valid(), description: 'x'.repeat(5001) }, 'body/description'],
      [{ ...valid(), severity: 'urgent' }, 'body/severity'],
      [{ ...valid(), contact: { name: 'Ana', email: 'not-an-email' } }, 'body/contact/email'],
      [{ ...valid(), contact: undefined }, 'body/contact'],
      [{ ...valid(), productId: crypto.randomUUID() }, 'body/productId'],
    ];
    for (const [payload, path] of cases) {
      const res = await create(asAdatum.headers, fourthCoffee.id, payload);
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json<{ code: string; errors: { path: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path).join(' ')).toContain(path);
    }
    expect(await snapshot()).toEqual(before);

    for (const query of ['?status=pending', '?size=0', '?cursor=nope']) {
      const res = await app.inject({ method: 'GET', url: listUrl(fourthCoffee.id, query), headers: asAdatum.headers });
      expect(res.statusCode, query).toBe(400);
    }
    const bad = await app.inject({ method: 'GET', url: itemUrl('not-a-uuid'), headers: asAdatum.headers });
    expect(bad.statusCode).toBe(400);

    const request = await created();
    const item = serviceRequestSnapshot(database, request.id);
    const itemBefore = await item();
    for (const payload of [{}, { status: 'pending' }, { note: '' }, { note: '   ' }, { note: 'x'.repeat(5001) }]) {
      const res = await patch(request.id, asAdatum.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await item()).toEqual(itemBefore);
  });

  test('a partner opens a request on behalf of its customer: event, figures, names', async () => {
    const summaryBefore = await summaryOf(database, fourthCoffee.id);
    const res = await create(asAdatum.headers);
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const request = res.json<Detail>();
    const adatumUserName = await displayNameOf(database, asAdatum.user.id);
    expect(request).toMatchObject({
      customerId: fourthCoffee.id,
      customerName: fourthCoffee.name,
      product: { id: product.id, name: product.name },
      title: 'Mailbox sync fails',
      description: 'Since this morning no mailbox synchronises.',
      severity: 'moderate',
      status: 'open',
      contact: { name: 'Ana Lima', email: 'ana@fourthcoffee.example', phone: '+33 1 23 45 67 89' },
      createdBy: { organizationId: adatum.id, organizationName: adatum.name, userName: adatumUserName, onBehalf: true },
      noteCount: 0,
      notes: [],
      closedAt: null,
      createdAt: t.now().toISOString(),
    });
    expect(request.number).toBeGreaterThan(0);

    const events = await eventsAbout(database, request.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'servicerequest.created',
      organizationId: fourthCoffee.id,
      actorOrganizationId: adatum.id,
      actorUserId: asAdatum.user.id,
      targetType: 'service_request',
      targetLabel: `SR-${request.number} Mailbox sync fails`,
      changes: { onBehalf: true, severity: 'moderate', productId: product.id },
    });
    expect((await summaryOf(database, fourthCoffee.id))?.openServiceRequests).toBe(
      (summaryBefore?.openServiceRequests ?? 0) + 1,
    );

    // The customer sees who opened it for them, but not the partner's people.
    const seen = await app.inject({ method: 'GET', url: itemUrl(request.id), headers: asCustomer.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json<Detail>().createdBy).toEqual({
      organizationId: adatum.id,
      organizationName: adatum.name,
      userName: null,
      onBehalf: true,
    });
  });

  test("the customer's own operators and the distributor open requests too; the vendor and Readers may not", async () => {
    const own = await created(asCustomer.headers, fourthCoffee.id, {
      ...valid('Printer offline'),
      productId: undefined,
    });
    expect(own).toMatchObject({
      product: null,
      createdBy: {
        organizationId: fourthCoffee.id,
        organizationName: fourthCoffee.name,
        userName: await displayNameOf(database, asCustomer.user.id),
        onBehalf: false,
      },
    });
    const byDistributor = await created(asContoso.headers);
    expect(byDistributor.createdBy).toMatchObject({
      organizationId: contoso.id,
      organizationName: contoso.name,
      onBehalf: true,
    });

    const snapshot = customerRequestsSnapshot(database, fourthCoffee.id);
    const before = await snapshot();
    for (const who of [asVendor, asAdatumReader]) {
      const res = await create(who.headers);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
    }
    expect(await snapshot()).toEqual(before);
  });

  test('lists newest first, filters by status and pages with a cursor', async () => {
    const customer = await createCustomer(database, adatum);
    const ids: string[] = [];
    for (const title of ['First one', 'Second one', 'Third one']) {
      advance(t);
      ids.push((await created(asAdatum.headers, customer.id, valid(title))).id);
    }
    advance(t);
    await patch(ids[1] ?? '', asAdatum.headers, { status: 'closed' });

    const all = await app.inject({ method: 'GET', url: listUrl(customer.id), headers: asCustomer.headers });
    expect(all.statusCode).toBe(404); // another customer's operators do not see it
    const res = await app.inject({ method: 'GET', url: listUrl(customer.id), headers: asAdatumReader.headers });
    const page = res.json<Page>();
    expect(page.totalCount).toBe(3);
    expect(page.items.map((i) => i.id)).toEqual([...ids].reverse());

    const closed = await app.inject({
      method: 'GET',
      url: listUrl(customer.id, '?status=closed'),
      headers: asAdatum.headers,
    });
    expect(closed.json<Page>()).toMatchObject({ totalCount: 1, items: [{ id: ids[1], status: 'closed' }] });
    const open = await app.inject({
      method: 'GET',
      url: listUrl(customer.id, '?status=open'),
      headers: asAdatum.headers,
    });
    expect(open.json<Page>().items.map((i) => i.id)).toEqual([ids[2], ids[0]]);

    const seen: string[] = [];
    let url: string | undefined = listUrl(customer.id, '?size=2');
    while (url) {
      const next: Page = (await app.inject({ method: 'GET', url, headers: asAdatum.headers })).json<Page>();
      expect(next.items.length).toBeLessThanOrEqual(2);
      expect(next.totalCount).toBe(3);
      seen.push(...next.items.map((i) => i.id));
      url = next.links.next;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  test('notes oldest first, closing and reopening, versions and If-Match', async () => {
    const request = await created();
    advance(t);
    const noted = await patch(request.id, asCustomer.headers, { note: 'Still failing on two laptops.' }, '"1"');
    expect(noted.statusCode).toBe(200);
    expect(noted.headers.etag).toBe('"2"');
    advance(t);
    const closedAt = t.now().toISOString();
    const closed = await patch(request.id, asAdatum.headers, { status: 'closed', note: 'Fixed the connector.' });
    expect(closed.statusCode).toBe(200);
    expect(closed.headers.etag).toBe('"3"');
    const body = closed.json<Detail>();
    expect(body).toMatchObject({ status: 'closed', closedAt, noteCount: 2 });
    expect(body.notes).toEqual([
      {
        id: expect.any(String) as string,
        body: 'Still failing on two laptops.',
        authorName: await displayNameOf(database, asCustomer.user.id),
        authorOrganizationName: fourthCoffee.name,
        createdAt: new Date(t.now().getTime() - 60_000).toISOString(),
      },
      {
        id: expect.any(String) as string,
        body: 'Fixed the connector.',
        authorName: await displayNameOf(database, asAdatum.user.id),
        authorOrganizationName: adatum.name,
        createdAt: closedAt,
      },
    ]);

    // A stale If-Match is refused and changes nothing.
    const snapshot = serviceRequestSnapshot(database, request.id);
    const before = await snapshot();
    const stale = await patch(request.id, asAdatum.headers, { status: 'open' }, '"2"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed' });
    expect(await snapshot()).toEqual(before);

    // The vendor works requests: it reopens this one.
    const reopened = await patch(request.id, asVendor.headers, { status: 'attention_needed' }, '"3"');
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'attention_needed', closedAt: null, noteCount: 2 });
    const fetched = await app.inject({ method: 'GET', url: itemUrl(request.id), headers: asAdatumReader.headers });
    expect(fetched.headers.etag).toBe('"4"');

    const updates = (await eventsAbout(database, request.id, 'servicerequest.updated')).map((e) => ({
      organizationId: e.organizationId,
      actor: e.actorOrganizationId,
      changes: e.changes,
      label: e.targetLabel,
    }));
    expect(updates).toEqual([
      {
        organizationId: fourthCoffee.id,
        actor: fourthCoffee.id,
        changes: { noteAdded: true, requesterId: adatum.id },
        label: `SR-${request.number} Mailbox sync fails`,
      },
      {
        organizationId: fourthCoffee.id,
        actor: adatum.id,
        changes: { status: { from: 'open', to: 'closed' }, noteAdded: true, requesterId: adatum.id },
        label: `SR-${request.number} Mailbox sync fails`,
      },
      {
        organizationId: fourthCoffee.id,
        actor: vendor.id,
        changes: { status: { from: 'closed', to: 'attention_needed' }, noteAdded: false, requesterId: adatum.id },
        label: `SR-${request.number} Mailbox sync fails`,
      },
    ]);
  });

  test('closing lowers the open count of the customer; the same status alone changes nothing', async () => {
    const customer = await createCustomer(database, adatum);
    const request = await created(asAdatum.headers, customer.id);
    expect((await summaryOf(database, customer.id))?.openServiceRequests).toBe(1);
    const snapshot = serviceRequestSnapshot(database, request.id);
    const before = await snapshot();
    const same = await patch(request.id, asAdatum.headers, { status: 'open' });
    expect(same.statusCode).toBe(200);
    expect(await snapshot()).toEqual(before);
    await patch(request.id, asAdatum.headers, { status: 'closed' });
    expect((await summaryOf(database, customer.id))?.openServiceRequests).toBe(0);
  });

  test('another partner gets 404 on every route and nothing changes; a Reader gets 403 and nothing changes', async () => {
    const request = await created();
    const list = customerRequestsSnapshot(database, fourthCoffee.id);
    const item = serviceRequestSnapshot(database, request.id);
    await expectCrossTenantNotFound(app, { method: 'GET', url: listUrl(fourthCoffee.id) }, asLitware.headers, list);
    await expectCrossTenantNotFound(
      app,
      { method: 'POST', url: listUrl(fourthCoffee.id), payload: valid() },
      asLitware.headers,
      list,
    );
    await expectCrossTenantNotFound(app, { method: 'GET', url: itemUrl(request.id) }, asLitware.headers, item);
    await expectCrossTenantNotFound(
      app,
      { method: 'PATCH', url: itemUrl(request.id), payload: { status: 'closed', note: 'x' } },
      asLitware.headers,
      item,
    );
    // An organisation that is not a customer is not found either, even when visible.
    await expectCrossTenantNotFound(app, { method: 'GET', url: listUrl(adatum.id) }, asContoso.headers, list);
    // Unknown ids are the same 404.
    const unknown = await app.inject({ method: 'GET', url: itemUrl(crypto.randomUUID()), headers: asAdatum.headers });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'not_found' });

    const before = await item();
    const refused = await patch(request.id, asAdatumReader.headers, { status: 'closed', note: 'Reader' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(await item()).toEqual(before);
  });

  test('when delegated access ends, the customer and its requests disappear for the partner', async () => {
    const start = t.now();
    const ending = await createCustomer(database, adatum, { endsInDays: 5, now: start });
    const request = await created(asAdatum.headers, ending.id);
    try {
      t.setNow(new Date(start.getTime() + 6 * DAY));
      // Sessions idle for days have ended: sign in again at the new time.
      const partner = await signedInOrganization(app, database, adatum);
      const distributor = await signedInOrganization(app, database, contoso);
      const customer = await signedInOrganization(app, database, ending);
      const list = customerRequestsSnapshot(database, ending.id);
      const item = serviceRequestSnapshot(database, request.id);
      for (const who of [partner, distributor]) {
        await expectCrossTenantNotFound(app, { method: 'GET', url: listUrl(ending.id) }, who.headers, list);
        await expectCrossTenantNotFound(
          app,
          { method: 'POST', url: listUrl(ending.id), payload: valid() },
          who.headers,
          list,
        );
        await expectCrossTenantNotFound(app, { method: 'GET', url: itemUrl(request.id) }, who.headers, item);
        await expectCrossTenantNotFound(
          app,
          { method: 'PATCH', url: itemUrl(request.id), payload: { note: 'late' } },
          who.headers,
          item,
        );
      }
      const own = await app.inject({ method: 'GET', url: listUrl(ending.id), headers: customer.headers });
      expect(own.json<Page>().items.map((i) => i.id)).toEqual([request.id]);
    } finally {
      t.setNow(start);
    }
  });
});
