import { brotliDecompressSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { signIn } from '../../../test/factories.ts';
import { seedDemo } from '../../seed/demo.ts';
import { seedScale } from '../../seed/scale.ts';
import { DEMO_PASSWORD } from '../../seed/demo-data.ts';

const { app, database, now, drain } = await buildTestApp();
await seedDemo(database, now(), { linkSecret: 'test-secret-test-secret-test-secret-42' });
// More customers than one batch of the export (2,000) holds, under Contoso and its partners.
await seedScale(database, 2100, { now: now(), under: 'contoso-distribution.example' });
await drain();

test('an export of several batches has its header once and every customer once, in the list order, compressed as asked', async () => {
  const headers = await signIn(app, { email: 'admin@contoso-distribution.example' }, DEMO_PASSWORD);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/customers/export?sort=domain',
    headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-encoding']).toBe('br');
  const csv = brotliDecompressSync(res.rawPayload).toString('utf8');
  expect(csv.startsWith('\uFEFFName,Primary domain,')).toBe(true);
  const lines = csv.trim().split('\n');
  expect(lines.filter((l) => l.includes('Primary domain'))).toHaveLength(1);
  const domains: string[] = [];
  type Page = { items: { primaryDomain: string }[]; links: { next?: string } };
  for (let url: string | undefined = '/api/v1/customers?sort=domain&size=500'; url;) {
    const body: Page = (await app.inject({ method: 'GET', url, headers })).json<Page>();
    domains.push(...body.items.map((c) => c.primaryDomain));
    url = body.links.next;
  }
  expect(domains.length).toBeGreaterThan(2000);
  expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(domains);
});

test('a partner of another distributor exports none of those customers, and as many rows as its own list says', async () => {
  const contoso = await signIn(app, { email: 'admin@contoso-distribution.example' }, DEMO_PASSWORD);
  const litware = await signIn(app, { email: 'admin@litware.example' }, DEMO_PASSWORD); // Fabrikam's partner
  const theirs = new Set<string>();
  type Page = { items: { primaryDomain: string }[]; totalCount: number; links: { next?: string } };
  for (let url: string | undefined = '/api/v1/customers?size=500'; url;) {
    const body: Page = (await app.inject({ method: 'GET', url, headers: contoso })).json<Page>();
    for (const c of body.items) theirs.add(c.primaryDomain);
    url = body.links.next;
  }
  const own: Page = (await app.inject({ method: 'GET', url: '/api/v1/customers', headers: litware })).json<Page>();
  const res = await app.inject({ method: 'GET', url: '/api/v1/customers/export', headers: litware });
  expect(res.statusCode).toBe(200);
  const rows = res.body.trim().split('\n').slice(1);
  expect(rows).toHaveLength(own.totalCount);
  const leaked = rows.map((l) => l.split(',')[1] ?? '').filter((domain) => theirs.has(domain));
  expect(theirs.size).toBeGreaterThan(2000);
  expect(leaked).toEqual([]);
});
