import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createOrganization, signedInOrganization } from '../../../test/factories.ts';

const { app, database } = await buildTestApp();
const org = await createOrganization(database, 'partner');
const other = await createOrganization(database, 'partner');
const admin = await signedInOrganization(app, database, org, ['admin']);
const reader = await signedInOrganization(app, database, org, ['reader']);
const outsider = await signedInOrganization(app, database, other, ['admin']);

type Entries = {
  totalCount: number;
  items: {
    action: string;
    actor: { id: string } | null;
    target: { id: string; label: string | null };
    changes: unknown;
  }[];
  links: { next?: string };
};
const audit = async (headers: Record<string, string>, query = '') =>
  app.inject({ method: 'GET', url: `/api/v1/auditlog${query}`, headers });

describe('GET /api/v1/auditlog', () => {
  test('401 anonymous, 403 for a Reader, 400 for a bad filter', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/auditlog' })).statusCode).toBe(401);
    const refused = await audit(reader.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect((await audit(admin.headers, '?from=yesterday')).statusCode).toBe(400);
    expect((await audit(admin.headers, '?actorId=42')).statusCode).toBe(400);
  });

  test('records who changed what, in the same transaction as the change', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: reader.headers,
      payload: { name: 'Reporting' },
    });
    const token = created.json<{ id: string }>();
    const res = await audit(admin.headers, '?action=token.created');
    const entries = res.json<Entries>();
    const entry = entries.items.find((e) => e.target.id === token.id);
    expect(entry).toMatchObject({
      action: 'token.created',
      actor: { id: reader.user.id },
      target: { label: 'Reporting' },
    });
    expect(entry?.changes).toMatchObject({ name: 'Reporting' });
  });

  test('sign-ins are recorded; filters by action prefix and pages newest first', async () => {
    const res = await audit(admin.headers, '?action=auth.&size=1');
    const page = res.json<Entries>();
    expect(page.totalCount).toBeGreaterThanOrEqual(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.action).toMatch(/^auth\./);
    const next = await app.inject({ method: 'GET', url: page.links.next ?? '', headers: admin.headers });
    expect(next.json<Entries>().items[0]?.action).toMatch(/^auth\./);
  });

  test("another organisation's audit log does not show this one's events", async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: admin.headers,
      payload: { name: 'Secret project' },
    });
    const theirs = (await audit(outsider.headers, '?size=500')).json<Entries>();
    expect(theirs.items.some((e) => e.target.label === 'Secret project')).toBe(false);
    expect(theirs.items.every((e) => e.actor === null || e.actor.id === outsider.user.id)).toBe(true);
  });
});
