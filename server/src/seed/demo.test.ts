import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../test/helper.ts';
import { signIn } from '../../test/factories.ts';
import { DEMO_PASSWORD } from './demo-data.ts';
import { seedDemo } from './demo.ts';

const t = await buildTestApp();
await seedDemo(t.database, t.now(), { linkSecret: t.config.SESSION_SECRET });

interface Link {
  organizationName: string;
  status: string;
  url: string | null;
  expiresAt: string;
  skus: { name: string; quantity: number }[];
}

async function links(email: string, status: string) {
  const headers = await signIn(t.app, { email }, DEMO_PASSWORD);
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/activationlinks?status=${status}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Link[] }>().items;
}

describe('the demo', () => {
  test('Adatum has activation links pending (one expiring tomorrow), expired and revoked', async () => {
    const pending = await links('admin@adatum.example', 'pending');
    expect(pending.map((l) => l.organizationName).sort()).toEqual(['Brasserie du Port', 'Tailspin Toys']);
    const tailspin = pending.find((l) => l.organizationName === 'Tailspin Toys');
    expect(tailspin?.skus).toHaveLength(2);
    const left = new Date(tailspin?.expiresAt ?? 0).getTime() - t.now().getTime();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect((await links('admin@adatum.example', 'expired')).map((l) => l.organizationName)).toEqual([
      'Wide World Importers',
    ]);
    expect((await links('admin@adatum.example', 'revoked')).map((l) => l.organizationName)).toEqual([
      'Alpine Ski House',
    ]);
    expect((await links('admin@contoso-distribution.example', 'pending')).map((l) => l.organizationName)).toEqual([
      'Lucerne Conseil',
    ]);
  });

  test("a demo link's copied address opens its onboarding page, signed with the instance's secret", async () => {
    const [link] = await links('admin@contoso-distribution.example', 'pending');
    const token = link?.url?.split('/activate/')[1];
    expect(token).toBeDefined();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/activation/${token ?? ''}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ organizationName: string }>().organizationName).toBe('Lucerne Conseil');
  });

  test('every persona finds a lived-in Notification Center, some of it raised by the demo’s own expiries', async () => {
    await t.drain();
    const center = async (email: string) => {
      const headers = await signIn(t.app, { email }, DEMO_PASSWORD);
      const get = async (query: string) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ totalCount: number; items: Record<string, unknown>[] }>();
      };
      const counts = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/counts', headers });
      return { get, counts: counts.json<{ pendingActions: number; unreadNotifications: number }>() };
    };
    const adatum = await center('admin@adatum.example');
    const actions = (await adatum.get('?view=actions&size=100')).items;
    const states = new Set(actions.map((a) => a.state));
    expect(states).toEqual(new Set(['open', 'overdue']));
    expect(new Set(actions.map((a) => a.category))).toEqual(new Set(['mandatory', 'recommended']));
    // "Renew delegated access" for the demo's relationships about to end, raised by the worker's first run.
    expect(actions.some((a) => a.source === 'system' && a.workspace === 'relationships')).toBe(true);
    expect(adatum.counts.pendingActions).toBeGreaterThan(0);
    const notifications = (await adatum.get('?view=notifications&size=100')).items;
    expect(new Set(notifications.map((n) => n.read))).toEqual(new Set([true, false]));
    expect(new Set(notifications.map((n) => n.category))).toEqual(new Set(['transactional', 'promotional']));

    const litware = await center('admin@litware.example');
    expect((await litware.get('?view=actions&state=completed')).totalCount).toBeGreaterThan(0);
    const contoso = await center('admin@contoso-distribution.example');
    expect((await contoso.get('?view=archive')).totalCount).toBe(1);
    const fourthCoffee = await center('admin@fourthcoffee.example');
    expect((await fourthCoffee.get('?view=actions&state=completed')).totalCount).toBe(1);
    const northwind = await center('admin@northwind.example');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications/publications',
      headers: await signIn(t.app, { email: 'admin@northwind.example' }, DEMO_PASSWORD),
    });
    const statuses = new Set(res.json<{ items: { status: string }[] }>().items.map((p) => p.status));
    expect(statuses).toEqual(new Set(['published', 'scheduled', 'withdrawn']));
    expect(northwind.counts).toBeDefined();
  });
});
