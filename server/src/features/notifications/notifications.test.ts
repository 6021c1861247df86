import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp } from '../../../test/helper.ts';
import {
  createCustomer,
  createOrganization,
  createPartner,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { openEventStream, until } from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { users } from '../../core/tenancy/users.ts';
import { notificationCompletions, notificationItems, notificationStates } from './tables.ts';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-12-01T09:00:00Z');
const t = await buildTestApp({ start });
const { app, database } = t;
// The reactions take their place in the event log at their first run: from here on.
await t.drain();

const northwind = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { distributor: fabrikam, partner: litware } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);

const vendorAdmin = await createUser(database, northwind, ['admin']);
const adatumAdmin = await createUser(database, adatum, ['admin']);
const adatumReader = await createUser(database, adatum, ['reader']);
const adatumHelpdesk = await createUser(database, adatum, ['helpdesk_agent']);
const litwareAdmin = await createUser(database, litware, ['admin']);
const customerAdmin = await createUser(database, fourthCoffee, ['admin']);
const contosoAdmin = await createUser(database, contoso, ['admin']);
// A customer no one manages yet: Adatum asks it for delegated access.
const tailspin = await createOrganization(database, 'customer');
const tailspinAdmin = await createUser(database, tailspin, ['admin']);

/** Moves the app's clock; sessions are signed in again at the new time (an idle session ends). */
function moveClock(ms: number) {
  t.setNow(new Date(t.now().getTime() + ms));
  headers.clear();
}

const headers = new Map<string, Record<string, string>>();
async function as(user: TestUser) {
  const cached = headers.get(user.id);
  if (cached) return cached;
  const h = await signIn(app, user);
  headers.set(user.id, h);
  return h;
}

const publication = (overrides: Record<string, unknown> = {}) => ({
  category: 'mandatory',
  workspace: 'customers',
  title: { fr: 'Vérifiez votre compte', en: 'Verify your account' },
  body: { fr: 'Confirmez vos coordonnées.', en: 'Confirm your details.' },
  link: '/settings',
  dueAt: new Date(t.now().getTime() + 10 * DAY).toISOString(),
  audience: { kinds: ['partner'] },
  ...overrides,
});

async function publish(payload: object) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/notifications/publications',
    headers: await as(vendorAdmin),
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; reach: { organizations: number; users: number }; status: string }>();
}

async function list(user: TestUser, query = '') {
  const res = await app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers: await as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ totalCount: number; items: Record<string, unknown>[]; links: { next?: string } }>();
}

async function counts(user: TestUser) {
  const res = await app.inject({ method: 'GET', url: '/api/v1/notifications/counts', headers: await as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ pendingActions: number; unreadNotifications: number; openActions: number }>();
}

const ids = (page: { items: Record<string, unknown>[] }) => page.items.map((i) => i.id);

const stateRows = (itemId: string) => () =>
  unsafeSystemTransaction(database.db, async (tx) => [
    ...(await tx.select().from(notificationStates).where(eq(notificationStates.itemId, itemId))),
    ...(await tx.select().from(notificationCompletions).where(eq(notificationCompletions.itemId, itemId))),
  ]);

describe('Notification Center', () => {
  test('401 without a session on every route', async () => {
    const id = crypto.randomUUID();
    for (const [method, url] of [
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/notifications/counts'],
      ['GET', `/api/v1/notifications/${id}`],
      ['PATCH', `/api/v1/notifications/${id}`],
      ['POST', '/api/v1/notifications/bulk'],
      ['POST', '/api/v1/notifications/read-all'],
      ['POST', `/api/v1/actions/${id}/complete`],
      ['GET', '/api/v1/notifications/publications'],
      ['POST', '/api/v1/notifications/publications'],
      ['POST', '/api/v1/notifications/publications/preview'],
      ['POST', `/api/v1/notifications/publications/${id}/withdraw`],
    ] as const) {
      expect((await app.inject({ method, url, payload: method === 'GET' ? undefined : {} })).statusCode).toBe(401);
    }
  });

  test('a publication to every partner reaches their people by role, at read time, and no one else', async () => {
    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/publications/preview',
      headers: await as(vendorAdmin),
      payload: { workspace: 'operators', audience: { kinds: ['partner'] } },
    });
    expect(preview.statusCode).toBe(200);
    // Operators is an Admin workspace: Adatum's and Litware's Admins.
    expect(preview.json()).toEqual({ organizations: 2, users: 2 });

    const published = await publish(publication());
    expect(published).toMatchObject({ status: 'published', reach: { organizations: 2, users: 4 } });
    // Customers reaches Admins, agents and Readers: Adatum's three and Litware's Admin.
    for (const user of [adatumAdmin, adatumReader, adatumHelpdesk, litwareAdmin]) {
      expect(ids(await list(user))).toContain(published.id);
      expect((await counts(user)).pendingActions).toBeGreaterThanOrEqual(1);
    }
    for (const user of [customerAdmin, contosoAdmin]) {
      expect(ids(await list(user))).not.toContain(published.id);
      expect(await counts(user)).toEqual({ pendingActions: 0, unreadNotifications: 0, openActions: 0 });
    }

    // An Admin-only workspace: the helpdesk agent does not receive it, until made Admin.
    const adminsOnly = await publish(publication({ workspace: 'operators', title: { fr: 'Admins', en: 'Admins' } }));
    expect(ids(await list(adatumHelpdesk))).not.toContain(adminsOnly.id);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(users)
        .set({ roles: ['admin'] })
        .where(eq(users.id, adatumHelpdesk.id)),
    );
    expect(ids(await list(adatumHelpdesk))).toContain(adminsOnly.id);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(users)
        .set({ roles: ['helpdesk_agent'] })
        .where(eq(users.id, adatumHelpdesk.id)),
    );
    expect(ids(await list(adatumHelpdesk))).not.toContain(adminsOnly.id);
    // A removed operator gets nothing at all.
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(users).set({ status: 'disabled' }).where(eq(users.id, adatumHelpdesk.id)),
    );
    const gone = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: await as(adatumHelpdesk) });
    expect(gone.statusCode).toBe(401);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(users).set({ status: 'active' }).where(eq(users.id, adatumHelpdesk.id)),
    );
    headers.delete(adatumHelpdesk.id);
  });

  test("another organisation's item is 404 on every route, and nothing changes", async () => {
    const own = await publish(
      publication({ category: 'recommended', audience: { organizationIds: [adatum.id] }, title: { fr: 'A', en: 'A' } }),
    );
    const outsider = await as(litwareAdmin);
    const rows = stateRows(own.id);
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/notifications/${own.id}` },
      { method: 'PATCH' as const, url: `/api/v1/notifications/${own.id}`, payload: { read: true } },
      { method: 'PATCH' as const, url: `/api/v1/notifications/${own.id}`, payload: { archived: true } },
      { method: 'POST' as const, url: '/api/v1/notifications/bulk', payload: { ids: [own.id], read: true } },
      { method: 'POST' as const, url: `/api/v1/actions/${own.id}/complete` },
    ]) {
      await expectCrossTenantNotFound(app, request, outsider, rows);
    }
    expect(ids(await list(litwareAdmin))).not.toContain(own.id);
    const before = await counts(litwareAdmin);
    await app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: outsider });
    expect(await rows()).toEqual([]);
    expect(await counts(litwareAdmin)).toEqual(before);
    // The list's own organisation sees it.
    expect(ids(await list(adatumAdmin))).toContain(own.id);
    // Only the vendor publishes.
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/publications',
      headers: await as(adatumAdmin),
      payload: publication(),
    });
    expect(refused.statusCode).toBe(403);
  });

  test('400 for invalid input, and nothing published', async () => {
    const before = await unsafeSystemTransaction(database.db, (tx) => tx.select().from(notificationItems));
    for (const payload of [
      publication({ dueAt: undefined }), // an action needs a due date
      publication({ category: 'promotional' }), // a notification has none
      publication({ link: 'https://evil.example/' }),
      publication({ link: '//evil.example' }),
      publication({ audience: {} }),
      publication({ audience: { kinds: ['partner'], organizationIds: [adatum.id] } }),
      publication({ audience: { distributorId: adatum.id } }), // not a distributor
      publication({ audience: { organizationIds: [crypto.randomUUID()] } }),
      publication({ workspace: 'nowhere' }),
      publication({ title: { fr: '', en: 'x' } }),
      publication({ dueAt: new Date(t.now().getTime() - DAY).toISOString() }),
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/notifications/publications',
        headers: await as(vendorAdmin),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const after = await unsafeSystemTransaction(database.db, (tx) => tx.select().from(notificationItems));
    expect(after.length).toBe(before.length);
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/v1/notifications/${crypto.randomUUID()}`,
      headers: await as(adatumAdmin),
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
  });

  test('mandatory actions cannot be archived, one by one or in bulk; recommended ones and notifications can', async () => {
    const mandatory = await publish(publication({ audience: { organizationIds: [adatum.id] } }));
    const promo = await publish(
      publication({
        category: 'promotional',
        dueAt: undefined,
        audience: { organizationIds: [adatum.id] },
        title: { fr: 'Nouveauté', en: 'New feature' },
      }),
    );
    const h = await as(adatumAdmin);
    const refused = await app.inject({
      method: 'PATCH',
      url: `/api/v1/notifications/${mandatory.id}`,
      headers: h,
      payload: { archived: true },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', reason: 'mandatory_not_archivable' });
    const bulk = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/bulk',
      headers: h,
      payload: { ids: [promo.id, mandatory.id], archived: true },
    });
    expect(bulk.statusCode).toBe(409);
    expect(await stateRows(promo.id)()).toEqual([]);

    const unread = (await counts(adatumAdmin)).unreadNotifications;
    const archived = await app.inject({
      method: 'PATCH',
      url: `/api/v1/notifications/${promo.id}`,
      headers: h,
      payload: { archived: true },
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true, archivable: true });
    expect((await counts(adatumAdmin)).unreadNotifications).toBe(unread - 1);
    expect(ids(await list(adatumAdmin, '?view=archive'))).toContain(promo.id);
    expect(ids(await list(adatumAdmin, '?view=notifications'))).not.toContain(promo.id);
    // Archived for this person only.
    expect(ids(await list(adatumReader, '?view=notifications'))).toContain(promo.id);
  });

  test('read and unread are per person; mark all read reads every notification', async () => {
    const note = await publish(
      publication({ category: 'transactional', dueAt: undefined, audience: { organizationIds: [adatum.id] } }),
    );
    const readerUnread = (await counts(adatumReader)).unreadNotifications;
    const h = await as(adatumAdmin);
    const read = await app.inject({
      method: 'PATCH',
      url: `/api/v1/notifications/${note.id}`,
      headers: h,
      payload: { read: true },
    });
    expect(read.json()).toMatchObject({ read: true });
    expect((await counts(adatumReader)).unreadNotifications).toBe(readerUnread);
    const all = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: await as(adatumReader),
    });
    expect(all.statusCode).toBe(200);
    expect(all.json<{ updated: number }>().updated).toBe(readerUnread);
    expect((await counts(adatumReader)).unreadNotifications).toBe(0);
    const unread = await app.inject({
      method: 'PATCH',
      url: `/api/v1/notifications/${note.id}`,
      headers: await as(adatumReader),
      payload: { read: false },
    });
    expect(unread.json()).toMatchObject({ read: false });
    expect((await counts(adatumReader)).unreadNotifications).toBe(1);
    // What arrives after "all read" is unread; "all read" again reads it and the one marked unread.
    moveClock(1000);
    const later = await publish(
      publication({ category: 'promotional', dueAt: undefined, audience: { organizationIds: [adatum.id] } }),
    );
    const unreadNow = await list(adatumReader, '?view=notifications&unread=true');
    expect(ids(unreadNow).sort()).toEqual([note.id, later.id].sort());
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: await as(adatumReader),
    });
    expect(again.json()).toEqual({ updated: 2 });
    expect((await counts(adatumReader)).unreadNotifications).toBe(0);
    expect((await list(adatumReader, '?view=notifications&unread=true')).totalCount).toBe(0);
    // Nothing to read: nothing changes.
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: await as(adatumReader),
    });
    expect(none.json()).toEqual({ updated: 0 });
  });

  test('an action done by one operator is done for the whole organisation; Readers cannot mark it', async () => {
    const action = await publish(publication({ audience: { organizationIds: [adatum.id, litware.id] } }));
    const byReader = await app.inject({
      method: 'POST',
      url: `/api/v1/actions/${action.id}/complete`,
      headers: await as(adatumReader),
    });
    expect(byReader.statusCode).toBe(403);
    const done = await app.inject({
      method: 'POST',
      url: `/api/v1/actions/${action.id}/complete`,
      headers: await as(adatumAdmin),
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: 'completed', completed: { via: 'manual' } });
    const forReader = (await list(adatumReader, '?state=completed')).items.find((i) => i.id === action.id);
    expect(forReader).toMatchObject({ state: 'completed' });
    // Litware's is still open.
    const forLitware = (await list(litwareAdmin)).items.find((i) => i.id === action.id);
    expect(forLitware).toMatchObject({ state: 'open' });
    const pub = await app.inject({
      method: 'GET',
      url: '/api/v1/notifications/publications',
      headers: await as(vendorAdmin),
    });
    expect(
      pub.json<{ items: { id: string; completions: number }[] }>().items.find((p) => p.id === action.id),
    ).toMatchObject({ completions: 1 });
  });

  test('a recommended action becomes overdue by the clock, and then counts in the bell', async () => {
    const action = await publish(
      publication({
        category: 'recommended',
        dueAt: new Date(t.now().getTime() + DAY).toISOString(),
        audience: { organizationIds: [litware.id] },
      }),
    );
    const before = await counts(litwareAdmin);
    expect((await list(litwareAdmin)).items.find((i) => i.id === action.id)).toMatchObject({ state: 'open' });
    moveClock(2 * DAY);
    try {
      expect((await counts(litwareAdmin)).pendingActions).toBe(before.pendingActions + 1);
      expect((await list(litwareAdmin, '?state=overdue')).items.map((i) => i.id)).toContain(action.id);
    } finally {
      moveClock(-2 * DAY);
    }
  });

  test('a scheduled publication appears at its date; a withdrawn one disappears', async () => {
    const scheduled = await publish(
      publication({
        category: 'promotional',
        dueAt: undefined,
        publishAt: new Date(t.now().getTime() + DAY).toISOString(),
        audience: { distributorId: fabrikam.id },
      }),
    );
    expect(scheduled.status).toBe('scheduled');
    expect(ids(await list(litwareAdmin, '?view=notifications'))).not.toContain(scheduled.id);
    moveClock(DAY + 1000);
    try {
      // Fabrikam's channel: Litware, not Adatum.
      expect(ids(await list(litwareAdmin, '?view=notifications'))).toContain(scheduled.id);
      expect(ids(await list(adatumAdmin, '?view=notifications'))).not.toContain(scheduled.id);
      const vendorHeaders = await as(vendorAdmin);
      const withdraw = () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/notifications/publications/${scheduled.id}/withdraw`,
          headers: vendorHeaders,
        });
      expect((await withdraw()).json()).toMatchObject({ status: 'withdrawn' });
      expect((await withdraw()).statusCode).toBe(409);
      expect(ids(await list(litwareAdmin, '?view=notifications'))).not.toContain(scheduled.id);
      const gone = await app.inject({
        method: 'GET',
        url: `/api/v1/notifications/${scheduled.id}`,
        headers: await as(litwareAdmin),
      });
      expect(gone.statusCode).toBe(404);
    } finally {
      moveClock(-DAY - 1000);
    }
  });

  test('lists page with a cursor and filter by workspace, category and title', async () => {
    for (let i = 0; i < 5; i++) {
      await publish(
        publication({
          category: 'promotional',
          dueAt: undefined,
          workspace: 'benefits',
          title: { fr: `Programme ${i}`, en: `Programme ${i}` },
          audience: { organizationIds: [litware.id] },
        }),
      );
    }
    const first = await list(litwareAdmin, '?view=notifications&workspace=benefits&size=2');
    expect(first.totalCount).toBe(5);
    expect(first.items).toHaveLength(2);
    const second = await app.inject({ method: 'GET', url: first.links.next ?? '', headers: await as(litwareAdmin) });
    const page2 = second.json<{ totalCount: number; items: { id: string }[] }>();
    expect(page2.totalCount).toBe(5);
    expect(page2.items.map((i) => i.id).some((id) => ids(first).includes(id))).toBe(false);
    expect((await list(litwareAdmin, '?view=notifications&q=programme%203')).totalCount).toBe(1);
    expect((await list(litwareAdmin, '?view=notifications&category=transactional&workspace=benefits')).totalCount).toBe(
      0,
    );
  });
});

describe('actions and notifications raised by events', () => {
  test('a delegated-admin request raises an action for the customer, which answering completes', async () => {
    const partnerHeaders = await as(adatumAdmin);
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/relationships',
      headers: partnerHeaders,
      payload: { customerDomain: tailspin.primaryDomain, roles: ['reader'], durationDays: 90 },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    await t.drain();
    const actions = await list(tailspinAdmin);
    const action = actions.items.find((i) => (i.title as { en: string }).en.includes('request for delegated access'));
    expect(action).toMatchObject({ state: 'open', workspace: 'relationships', source: 'system' });
    // Nobody else gets it.
    expect((await list(litwareAdmin)).items.some((i) => i.id === action?.id)).toBe(false);

    const relationships = await app.inject({
      method: 'GET',
      url: '/api/v1/relationships',
      headers: await as(tailspinAdmin),
    });
    const pending = relationships
      .json<{ items: { id: string; status: string }[] }>()
      .items.find((r) => r.status === 'pending');
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/relationships/${pending?.id ?? ''}/approve`,
      headers: await as(tailspinAdmin),
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await t.drain();
    const after = (await list(tailspinAdmin, '?state=completed')).items.find((i) => i.id === action?.id);
    expect(after).toMatchObject({ state: 'completed', completed: { via: 'task', by: null } });
  });

  test('an operator invited raises a notification for the Admins only', async () => {
    const invite = await app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: await as(adatumAdmin),
      payload: {
        email: `new-${crypto.randomUUID().slice(0, 8)}@${adatum.primaryDomain}`,
        displayName: 'Nouvel Opérateur',
        roles: ['reader'],
      },
    });
    expect(invite.statusCode, invite.body).toBeLessThan(300);
    await t.drain();
    const forAdmin = await list(adatumAdmin, '?view=notifications&workspace=operators');
    expect(forAdmin.totalCount).toBeGreaterThanOrEqual(1);
    expect((await list(adatumReader, '?view=notifications&workspace=operators')).totalCount).toBe(0);
    expect((await list(litwareAdmin, '?view=notifications&workspace=operators')).totalCount).toBe(0);
  });

  test('the live stream tells the organisations an item reaches, and no other', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const adatumStream = await openEventStream(app, await signIn(app, adatumReader));
    const litwareStream = await openEventStream(app, await signIn(app, litwareAdmin));
    try {
      const item = await publish(
        publication({ category: 'transactional', dueAt: undefined, audience: { organizationIds: [adatum.id] } }),
      );
      await t.events.settled();
      await until(
        () => adatumStream.events.some((e) => e.action === 'notification.published' && e.target.id === item.id),
        'the notice on Adatum’s stream',
      );
      // A later event Litware does receive, to know its stream has caught up.
      const broadcast = await publish(
        publication({ category: 'transactional', dueAt: undefined, audience: { kinds: ['partner'] } }),
      );
      await t.events.settled();
      await until(() => litwareStream.events.some((e) => e.target.id === broadcast.id), 'the broadcast on Litware');
      expect(litwareStream.events.some((e) => e.target.id === item.id)).toBe(false);
    } finally {
      adatumStream.close();
      litwareStream.close();
    }
  });
});
