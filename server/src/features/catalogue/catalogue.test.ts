import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { catalogueSnapshot, createProduct, eventsAbout } from '../../../test/factories-support.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { adminCentersFor } from './service.ts';

const { app, database } = await buildTestApp();
const vendor = await createOrganization(database, 'vendor');
const { partner: adatum } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
const asVendor = await signedInOrganization(app, database, vendor);
const asVendorReader = await signedInOrganization(app, database, vendor, ['reader']);
const asAdatum = await signedInOrganization(app, database, adatum);
const asCustomer = await signedInOrganization(app, database, fourthCoffee);

const snapshot = catalogueSnapshot(database);
const createBody = (name: string) => ({
  name,
  adminCenters: [{ name: 'Admin centre', urlTemplate: 'https://admin.example/{tenantId}?domain={domain}' }],
});

type ProductJson = {
  id: string;
  name: string;
  adminCenters: { name: string; urlTemplate: string }[];
  skus: { id: string; code: string; name: string; commerceType: string }[];
};

function post(url: string, headers: Record<string, string>, payload: object) {
  return app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
}

async function listAll(headers: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url: '/api/v1/products?size=500', headers });
  expect(res.statusCode).toBe(200);
  return res.json<{ totalCount: number; items: ProductJson[] }>();
}

describe('/api/v1/products', () => {
  test('401 without credentials on every route', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/products' })).statusCode).toBe(401);
    expect((await post('/products', {}, createBody('Nope'))).statusCode).toBe(401);
    const { product } = await createProduct(database);
    const res = await post(`/products/${product.id}/skus`, {}, { code: 'X1', name: 'X', commerceType: 'legacy' });
    expect(res.statusCode).toBe(401);
  });

  test('403 for anyone but the vendor, or a vendor Reader, and the catalogue is unchanged', async () => {
    const { product } = await createProduct(database);
    const before = await snapshot();
    for (const headers of [asAdatum.headers, asVendorReader.headers, asCustomer.headers]) {
      const created = await post('/products', headers, createBody(`Refused ${crypto.randomUUID()}`));
      expect(created.statusCode).toBe(403);
      expect(created.json()).toMatchObject({ code: 'forbidden' });
      const sku = await post(`/products/${product.id}/skus`, headers, {
        code: `R${Date.now()}`,
        name: 'Refused',
        commerceType: 'legacy',
      });
      expect(sku.statusCode).toBe(403);
      expect(sku.json()).toMatchObject({ code: 'forbidden' });
    }
    expect(await snapshot()).toEqual(before);
  });

  test('400 for invalid products and SKUs, with the field, and nothing created', async () => {
    const before = await snapshot();
    const badTemplates: [string, string][] = [
      ['http://admin.example/{tenantId}', 'must be an https URL'],
      ['not a url', 'must be an https URL'],
      ['javascript:alert(1)', 'must be an https URL'],
      ['https://admin.example/{tenant}', 'unknown placeholder {tenant}'],
      ['https://user:pw@admin.example/', 'must be an https URL'],
    ];
    for (const [urlTemplate, message] of badTemplates) {
      const res = await post('/products', asVendor.headers, {
        name: 'Bad',
        adminCenters: [{ name: 'A', urlTemplate }],
      });
      expect(res.statusCode, urlTemplate).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'body/adminCenters/0/urlTemplate', message }],
      });
    }
    for (const payload of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(201) }, { name: 'A', extra: 1 }]) {
      const res = await post('/products', asVendor.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const { product } = await createProduct(database);
    const afterProduct = await snapshot();
    for (const payload of [
      { code: 'has space', name: 'A', commerceType: 'legacy' },
      { code: 'OK1', name: 'A', commerceType: 'subscription' },
      { code: 'OK1', name: '', commerceType: 'legacy' },
      { name: 'A', commerceType: 'legacy' },
    ]) {
      const res = await post(`/products/${product.id}/skus`, asVendor.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await snapshot()).products.length).toBe(before.products.length + 1);
    expect(await snapshot()).toEqual(afterProduct);
  });

  test('the vendor adds a product and a SKU; both are events of the vendor', async () => {
    const name = `Relais Mail ${crypto.randomUUID().slice(0, 8)}`;
    const res = await post('/products', asVendor.headers, createBody(name));
    expect(res.statusCode).toBe(201);
    const product = res.json<ProductJson>();
    expect(product).toEqual({
      id: expect.any(String) as string,
      name,
      adminCenters: [{ name: 'Admin centre', urlTemplate: 'https://admin.example/{tenantId}?domain={domain}' }],
      skus: [],
    });
    const code = `MAIL-${Date.now()}`;
    const sku = await post(`/products/${product.id}/skus`, asVendor.headers, {
      code,
      name: 'Mail Basic',
      commerceType: 'new_commerce',
    });
    expect(sku.statusCode).toBe(201);
    expect(sku.json()).toEqual({
      id: expect.any(String) as string,
      code,
      name: 'Mail Basic',
      commerceType: 'new_commerce',
    });

    const [created] = await eventsAbout(database, product.id);
    expect(created).toMatchObject({
      action: 'product.created',
      organizationId: vendor.id,
      actorOrganizationId: vendor.id,
      targetType: 'product',
      targetLabel: name,
    });
    const [skuEvent] = await eventsAbout(database, sku.json<{ id: string }>().id);
    expect(skuEvent).toMatchObject({
      action: 'sku.created',
      organizationId: vendor.id,
      targetLabel: `${code} Mail Basic`,
      changes: { productId: product.id, code, commerceType: 'new_commerce' },
    });

    const listed = await listAll(asCustomer.headers);
    expect(listed.items.find((p) => p.id === product.id)?.skus).toEqual([sku.json()]);
  });

  test('409 for a product name or a SKU code that exists, whatever the case', async () => {
    const name = `Relais Drive ${crypto.randomUUID().slice(0, 8)}`;
    const first = await post('/products', asVendor.headers, createBody(name));
    expect(first.statusCode).toBe(201);
    const before = await snapshot();
    const again = await post('/products', asVendor.headers, createBody(name.toUpperCase()));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
    const id = first.json<{ id: string }>().id;
    const code = `DRV-${Date.now()}`;
    expect(
      (await post(`/products/${id}/skus`, asVendor.headers, { code, name: 'A', commerceType: 'legacy' })).statusCode,
    ).toBe(201);
    const afterSku = await snapshot();
    const dup = await post(`/products/${id}/skus`, asVendor.headers, {
      code: code.toLowerCase(),
      name: 'B',
      commerceType: 'legacy',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'conflict' });
    expect(await snapshot()).toEqual(afterSku);
    expect(afterSku.products).toEqual(before.products);
  });

  test('a conflict says why in the reader’s language, and names the reason with a stable code', async () => {
    const name = `Relais Vault ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post('/products', asVendor.headers, createBody(name))).statusCode).toBe(201);
    const answers = [];
    for (const language of ['fr-FR', 'en-GB']) {
      const res = await post('/products', { ...asVendor.headers, 'accept-language': language }, createBody(name));
      expect(res.statusCode).toBe(409);
      answers.push(res.json<{ code: string; reason: string; detail: string }>());
    }
    const [fr, en] = answers;
    expect(fr).toMatchObject({ code: 'conflict', reason: 'product_name_taken' });
    expect(fr?.detail).toBe("Cette modification est en conflit avec l'état actuel : un produit porte déjà ce nom.");
    expect(en).toMatchObject({ code: 'conflict', reason: 'product_name_taken' });
    expect(en?.detail).toBe('This change conflicts with the current state: a product with this name exists.');
  });

  test('404 for a SKU of an unknown product', async () => {
    const res = await post(`/products/${crypto.randomUUID()}/skus`, asVendor.headers, {
      code: 'NOPE1',
      name: 'A',
      commerceType: 'legacy',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  test('every signed-in organisation reads the catalogue by name, SKUs by name, page by page', async () => {
    const suffix = crypto.randomUUID().slice(0, 6);
    await createProduct(database, { name: `zz Beta ${suffix}`, skuCount: 2 });
    await createProduct(database, { name: `zz Alpha ${suffix}`, skuCount: 0 });
    for (const headers of [asAdatum.headers, asCustomer.headers, asVendorReader.headers]) {
      const all = await listAll(headers);
      const names = all.items.map((p) => p.name);
      expect(names).toEqual([...names].sort());
      expect(all.totalCount).toBe(all.items.length);
      const beta = all.items.find((p) => p.name === `zz Beta ${suffix}`);
      expect(beta?.skus.map((s) => s.name)).toEqual(beta?.skus.map((s) => s.name).sort());
      expect(beta?.skus).toHaveLength(2);
      expect(names.indexOf(`zz Alpha ${suffix}`)).toBe(names.indexOf(`zz Beta ${suffix}`) - 1);
    }
    const all = await listAll(asAdatum.headers);
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/products?size=2';
    while (url) {
      type Page = { items: ProductJson[]; totalCount: number; links: { next?: string } };
      const page: Page = (await app.inject({ method: 'GET', url, headers: asAdatum.headers })).json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.items.map((p) => p.id));
      url = page.links.next;
    }
    expect(seen).toEqual(all.items.map((p) => p.id));
  });
});

describe('adminCentersFor', () => {
  test("fills the templates with the customer's tenant and domain, URL-encoded", async () => {
    const { product: mail } = await createProduct(database, {
      name: `Mail ${crypto.randomUUID()}`,
      adminCenters: [
        { name: 'Exchange', urlTemplate: 'https://admin.example/{tenantId}/mail' },
        { name: 'Domains', urlTemplate: 'https://admin.example/domains?d={domain}' },
      ],
    });
    const { product: none } = await createProduct(database);
    const tenant = '5a0c3f0e-0000-4000-8000-000000000001';
    const links = await unsafeSystemTransaction(database.db, (tx) =>
      adminCentersFor(
        { tx },
        {
          customer: { directoryTenantId: tenant, primaryDomain: 'café & co.example' },
          productIds: [mail.id, none.id, mail.id],
        },
      ),
    );
    expect(links).toEqual([
      { product: mail.name, name: 'Exchange', url: `https://admin.example/${tenant}/mail` },
      { product: mail.name, name: 'Domains', url: 'https://admin.example/domains?d=caf%C3%A9%20%26%20co.example' },
    ]);
    const withoutTenant = await unsafeSystemTransaction(database.db, (tx) =>
      adminCentersFor(
        { tx },
        { customer: { directoryTenantId: null, primaryDomain: 'x.example' }, productIds: [mail.id] },
      ),
    );
    expect(withoutTenant).toEqual([
      { product: mail.name, name: 'Domains', url: 'https://admin.example/domains?d=x.example' },
    ]);
  });
});
