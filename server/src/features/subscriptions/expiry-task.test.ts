import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createPartner } from '../../../test/factories.ts';
import { createSku, createSubscription } from '../../../test/factories-catalogue.ts';
import { eventsAbout } from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { subscriptions } from './tables.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { database } = t;
const { distributor, partner } = await createPartner(database);
const { sku } = await createSku(database);

async function subscription(input: {
  endsInDays: number;
  autoRenew?: boolean;
  termMonths?: 1 | 12;
  status?: 'active' | 'suspended';
}) {
  const customer = await createCustomer(database, partner, { now: t.now() });
  const row = await createSubscription(database, {
    customerId: customer.id,
    skuId: sku.id,
    billingProviderId: distributor.id,
    quantity: 5,
    endsInDays: input.endsInDays,
    now: t.now(),
  });
  await unsafeSystemTransaction(database.db, (tx) =>
    tx
      .update(subscriptions)
      .set({
        autoRenew: input.autoRenew ?? true,
        termMonths: input.termMonths ?? 12,
        status: input.status ?? 'active',
      })
      .where(eq(subscriptions.id, row.id)),
  );
  return { ...row, customerId: customer.id };
}

const rowOf = (id: string) =>
  unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id));
    if (!row) throw new Error('no subscription');
    return row;
  });

/** Runs the background tasks twice with the app's clock moved forward, then puts it back. */
async function drainLater(days: number) {
  const start = t.now();
  t.setNow(new Date(start.getTime() + days * DAY));
  try {
    await t.drain();
    await t.drain();
  } finally {
    t.setNow(start);
  }
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

describe('subscription expiry scan', () => {
  test('announces expiring once per commitment end, then renews an auto-renewing subscription', async () => {
    const sub = await subscription({ endsInDays: 40 });
    await t.drain();
    expect(await eventsAbout(database, sub.id)).toEqual([]);

    await drainLater(15);
    expect(await eventsAbout(database, sub.id)).toMatchObject([
      {
        action: 'subscription.expiring',
        organizationId: sub.customerId,
        changes: { commitmentEndsAt: sub.commitmentEndsAt.toISOString() },
      },
    ]);

    await drainLater(41);
    const renewed = await rowOf(sub.id);
    expect(renewed).toMatchObject({ status: 'active', version: sub.version + 1 });
    expect(renewed.commitmentEndsAt).toEqual(addMonths(sub.commitmentEndsAt, 12));
    const events = await eventsAbout(database, sub.id);
    expect(events.map((e) => e.action)).toEqual(['subscription.expiring', 'subscription.updated']);
    expect(events[1]?.changes).toEqual({
      renewed: true,
      commitmentEndsAt: { from: sub.commitmentEndsAt.toISOString(), to: renewed.commitmentEndsAt.toISOString() },
    });
  });

  test('a subscription that does not renew expires at its end, once', async () => {
    const sub = await subscription({ endsInDays: 20, autoRenew: false });
    await t.drain();
    await drainLater(21);
    expect(await rowOf(sub.id)).toMatchObject({
      status: 'expired',
      commitmentEndsAt: sub.commitmentEndsAt,
      version: sub.version + 1,
    });
    await drainLater(30);
    expect(await eventsAbout(database, sub.id)).toMatchObject([
      { action: 'subscription.expiring' },
      { action: 'subscription.updated', changes: { status: { from: 'active', to: 'expired' } } },
    ]);
  });

  test('a monthly renewal comes near its own end at once and is announced for it', async () => {
    const sub = await subscription({ endsInDays: 5, termMonths: 1 });
    await t.drain();
    await drainLater(6);
    const renewed = await rowOf(sub.id);
    expect(renewed.commitmentEndsAt).toEqual(addMonths(sub.commitmentEndsAt, 1));
    const expiring = await eventsAbout(database, sub.id, 'subscription.expiring');
    expect(expiring.map((e) => e.changes?.commitmentEndsAt)).toEqual([
      sub.commitmentEndsAt.toISOString(),
      renewed.commitmentEndsAt.toISOString(),
    ]);
    expect(renewed.expiryNoticeFor).toEqual(renewed.commitmentEndsAt);
  });

  test('suspended subscriptions are left alone', async () => {
    const sub = await subscription({ endsInDays: 5, status: 'suspended' });
    await t.drain();
    await drainLater(10);
    expect(await eventsAbout(database, sub.id)).toEqual([]);
    expect(await rowOf(sub.id)).toMatchObject({ status: 'suspended', version: sub.version });
  });
});
