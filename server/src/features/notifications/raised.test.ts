import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createPartner, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { createSku, createSubscription } from '../../../test/factories-catalogue.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { subscriptions } from '../subscriptions/tables.ts';

// Items the system raises from other features' events, and the actions that complete themselves when their task is
// done. Each test moves the app's clock and lets the worker (expiry scans, reactions) run with drain().

const DAY = 24 * 60 * 60 * 1000;
const t = await buildTestApp({ start: new Date('2026-12-01T09:00:00Z') });
const { app, database } = t;
await t.drain();

const { distributor, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const adatumAdmin = await createUser(database, adatum, ['admin']);
// The billing distributor manages the subscriptions.
const distributorAdmin = await createUser(database, distributor, ['admin']);
const litwareAdmin = await createUser(database, litware, ['admin']);

interface Item {
  id: string;
  type: string;
  category: string;
  workspace: string;
  title: { fr: string; en: string };
  state: string | null;
  source: string;
  dueAt: string | null;
  completed: { via: string } | null;
}

async function items(user: TestUser, query: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/notifications${query}`,
    headers: await signIn(app, user),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Item[] }>().items;
}

function moveClock(ms: number) {
  t.setNow(new Date(t.now().getTime() + ms));
}

describe('raised by events', () => {
  test('delegated access ending: "renew" for the provider, due at the end, overdue after it, done by a new approval', async () => {
    const customer = await createCustomer(database, adatum, { endsInDays: 10, now: t.now() });
    const customerAdmin = await createUser(database, customer, ['admin']);
    await t.drain();
    const renew = (await items(adatumAdmin, '?view=actions&workspace=relationships')).find((i) =>
      i.title.en.startsWith('Renew delegated access'),
    );
    expect(renew).toMatchObject({ category: 'recommended', state: 'open', source: 'system' });
    expect(new Date(renew?.dueAt ?? 0).getTime() - t.now().getTime()).toBeGreaterThan(9 * DAY);
    // Nobody else has it: not the customer, not another partner.
    expect((await items(litwareAdmin, '?view=actions')).some((i) => i.id === renew?.id)).toBe(false);
    expect((await items(customerAdmin, '?view=actions')).some((i) => i.id === renew?.id)).toBe(false);

    // Past the end: overdue, and both sides are told the access expired.
    moveClock(11 * DAY);
    await t.drain();
    expect((await items(adatumAdmin, '?view=actions&state=overdue')).map((i) => i.id)).toContain(renew?.id);
    const expired = (await items(adatumAdmin, '?view=notifications&workspace=relationships')).filter((i) =>
      i.title.en.includes('has expired'),
    );
    expect(expired).toHaveLength(1);
    expect(
      (await items(customerAdmin, '?view=notifications')).filter((i) => i.title.en.includes('has expired')),
    ).toHaveLength(1);

    // Adatum asks again, the customer approves: the renewal is done, by itself.
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/relationships',
      headers: await signIn(app, adatumAdmin),
      payload: { customerDomain: customer.primaryDomain, roles: ['admin_agent'], durationDays: 180 },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    await t.drain();
    const customerHeaders = await signIn(app, customerAdmin);
    const answer = (await items(customerAdmin, '?view=actions')).find((i) => i.title.en.startsWith('Respond to'));
    expect(answer).toMatchObject({ state: 'open' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/relationships', headers: customerHeaders });
    const pending = list.json<{ items: { id: string; status: string }[] }>().items.find((r) => r.status === 'pending');
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/relationships/${pending?.id ?? ''}/approve`,
      headers: customerHeaders,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await t.drain();
    expect((await items(adatumAdmin, '?view=actions&state=completed')).find((i) => i.id === renew?.id)).toMatchObject({
      completed: { via: 'task' },
    });
    expect((await items(customerAdmin, '?view=actions&state=completed')).map((i) => i.id)).toContain(answer?.id);
    // Handling the same events again raises nothing twice (the dedupe keys).
    await t.drain();
    expect(
      (await items(adatumAdmin, '?view=actions&workspace=relationships&size=100')).filter(
        (i) => i.title.en === renew?.title.en,
      ),
    ).toHaveLength(1);
  });

  test('a subscription that will not renew by itself: "renew" for the customer, done by turning renewal on', async () => {
    const customer = await createCustomer(database, adatum, { now: t.now() });
    const customerAdmin = await createUser(database, customer, ['admin']);
    const { sku } = await createSku(database);
    const lapsing = await createSubscription(database, {
      customerId: customer.id,
      skuId: sku.id,
      billingProviderId: distributor.id,
      quantity: 5,
      endsInDays: 12,
      now: t.now(),
    });
    const renewing = await createSubscription(database, {
      customerId: customer.id,
      skuId: sku.id,
      billingProviderId: distributor.id,
      quantity: 3,
      endsInDays: 14,
      now: t.now(),
    });
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(subscriptions).set({ autoRenew: false }).where(eq(subscriptions.id, lapsing.id)),
    );
    await t.drain();
    const actions = (await items(customerAdmin, '?view=actions&workspace=subscriptions')).filter(
      (i) => i.source === 'system',
    );
    // One action: the auto-renewing subscription asks nothing.
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ state: 'open', title: { en: `Renew ${sku.name}` } });
    expect(renewing.autoRenew).toBe(true);

    const turnedOn = await app.inject({
      method: 'PATCH',
      url: `/api/v1/subscriptions/${lapsing.id}`,
      headers: await signIn(app, distributorAdmin),
      payload: { autoRenew: true },
    });
    expect(turnedOn.statusCode, turnedOn.body).toBe(200);
    await t.drain();
    expect((await items(customerAdmin, '?view=actions&state=completed')).map((i) => i.id)).toContain(actions[0]?.id);
  });

  test('a service request opened on a customer’s behalf, then answered: both sides are told, not the one who acted', async () => {
    const customer = await createCustomer(database, adatum, { now: t.now() });
    const customerAdmin = await createUser(database, customer, ['admin']);
    const opened = await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/servicerequests`,
      headers: await signIn(app, adatumAdmin),
      payload: {
        title: 'Mailbox migration stuck',
        description: 'Stuck at 80 %.',
        severity: 'moderate',
        contact: { name: 'IT lead', email: 'it@example.com' },
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await t.drain();
    const forCustomer = await items(customerAdmin, '?view=notifications&workspace=support');
    expect(forCustomer.map((i) => i.title.en)).toEqual([expect.stringContaining('Request opened on your behalf')]);
    const forPartner = await items(adatumAdmin, '?view=notifications&workspace=support');
    expect(forPartner.map((i) => i.title.en)).toEqual([expect.stringContaining('Request opened for')]);
    expect(await items(litwareAdmin, '?view=notifications&workspace=support')).toEqual([]);

    const requestId = opened.json<{ id: string }>().id;
    const answered = await app.inject({
      method: 'PATCH',
      url: `/api/v1/servicerequests/${requestId}`,
      headers: await signIn(app, customerAdmin),
      payload: { note: 'Here are the logs.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    await t.drain();
    // The customer answered: the partner hears of it, the customer does not.
    const titles = (await items(adatumAdmin, '?view=notifications&workspace=support')).map((i) => i.title.en);
    expect(
      titles.some((title) => title.startsWith('New answer')),
      titles.join(' | '),
    ).toBe(true);
    expect(
      (await items(customerAdmin, '?view=notifications&workspace=support')).some((i) =>
        i.title.en.includes('New answer'),
      ),
    ).toBe(false);
  });

  test('a single Admin: a mandatory action asks for a second, done by itself once there are two', async () => {
    const { partner } = await createPartner(database, distributor);
    const admin = await createUser(database, partner, ['admin']);
    const colleague = await createUser(database, partner, ['reader']);
    const headers = await signIn(app, admin);
    const setRoles = async (roles: string[]) => {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/v1/operators/${colleague.id}`,
        headers,
        payload: { roles },
      });
      expect(res.statusCode, res.body).toBe(200);
      await t.drain();
    };
    const secondAdmin = async () =>
      (await items(admin, '?view=actions&workspace=account&size=100')).filter(
        (i) => i.title.en === 'Add a second Admin',
      );
    await setRoles(['admin']);
    expect(await secondAdmin()).toEqual([]);
    await setRoles(['reader']);
    const [asked] = await secondAdmin();
    expect(asked).toMatchObject({ category: 'mandatory', state: 'open' });
    // Another change that leaves one Admin asks nothing more.
    await setRoles(['reader', 'helpdesk_agent']);
    expect(await secondAdmin()).toHaveLength(1);
    await setRoles(['admin']);
    const done = await secondAdmin();
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: asked?.id, state: 'completed', completed: { via: 'task' } });
  });
});
