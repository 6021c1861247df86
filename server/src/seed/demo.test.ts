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
});
