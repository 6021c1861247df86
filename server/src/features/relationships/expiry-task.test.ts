import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createPartner } from '../../../test/factories.ts';
import { eventsAbout } from '../../../test/factories-onboarding.ts';
import { testDatabaseKind } from '../../../test/databases.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { delegatedAdminRelationships } from '../../core/tenancy/tables.ts';
import { relationshipExpiryTask } from './expiry-task.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { database } = t;
const { partner } = await createPartner(database);

async function relationshipOf(customerId: string) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(delegatedAdminRelationships)
      .where(eq(delegatedAdminRelationships.customerId, customerId));
    if (!row) throw new Error('no relationship');
    return row;
  });
}

const actions = async (id: string) => (await eventsAbout(database, id)).map((e) => `${e.action}@${e.organizationId}`);

/** Runs fn with the app's clock moved forward, then puts it back. */
async function later<T>(days: number, fn: () => Promise<T>): Promise<T> {
  const start = t.now();
  t.setNow(new Date(start.getTime() + days * DAY));
  try {
    return await fn();
  } finally {
    t.setNow(start);
  }
}

describe('relationship expiry scan', () => {
  test('announces expiring once when the last 30 days begin, then expired once, to both sides', async () => {
    const customer = await createCustomer(database, partner, { endsInDays: 40, now: t.now() });
    const { id } = await relationshipOf(customer.id);
    await t.drain();
    expect(await actions(id)).toEqual([]);

    await later(11, async () => {
      await t.drain();
      await t.drain();
    });
    expect(await actions(id)).toEqual([`relationship.expiring@${customer.id}`]);

    await later(41, async () => {
      await t.drain();
      await t.drain();
    });
    expect(await actions(id)).toEqual([
      `relationship.expiring@${customer.id}`,
      `relationship.expired@${customer.id}`,
      `relationship.expired@${partner.id}`,
    ]);
    const row = await relationshipOf(customer.id);
    expect(row.expiringNoticeFor).toEqual(row.endsAt);
    expect(row.expiredNoticeFor).toEqual(row.endsAt);
  });

  test('a relationship found already past its end is announced expired only', async () => {
    const customer = await createCustomer(database, partner, { endsInDays: -2, now: t.now() });
    const { id } = await relationshipOf(customer.id);
    await t.drain();
    expect(await actions(id)).toEqual([`relationship.expired@${customer.id}`, `relationship.expired@${partner.id}`]);
  });

  test('a new end date is announced again; pending, terminated and declined ones never', async () => {
    const customer = await createCustomer(database, partner, { endsInDays: 10, now: t.now() });
    const { id } = await relationshipOf(customer.id);
    await t.drain();
    expect(await actions(id)).toHaveLength(1);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(delegatedAdminRelationships)
        .set({ endsAt: new Date(t.now().getTime() + 20 * DAY) })
        .where(eq(delegatedAdminRelationships.id, id)),
    );
    await t.drain();
    const events = await eventsAbout(database, id, 'relationship.expiring');
    expect(events.map((e) => e.changes?.endsAt)).toEqual([
      new Date(t.now().getTime() + 10 * DAY).toISOString(),
      new Date(t.now().getTime() + 20 * DAY).toISOString(),
    ]);

    for (const status of ['pending', 'terminated', 'declined'] as const) {
      const other = await createCustomer(database, partner, { status, endsInDays: 5, now: t.now() });
      await later(10, () => t.drain());
      expect(await actions((await relationshipOf(other.id)).id), status).toEqual([]);
    }
  });

  // Two workers on one PostgreSQL: a row another transaction holds is skipped, not waited for or done twice.
  if (testDatabaseKind === 'postgres') {
    test('rows locked by another worker are skipped', async () => {
      const locked = await createCustomer(database, partner, { endsInDays: 5, now: t.now() });
      const free = await createCustomer(database, partner, { endsInDays: 5, now: t.now() });
      const lockedId = (await relationshipOf(locked.id)).id;
      const freeId = (await relationshipOf(free.id)).id;
      await database.session(async (query) => {
        await query('BEGIN');
        await query('SELECT id FROM delegated_admin_relationships WHERE id = $1 FOR UPDATE', [lockedId]);
        await relationshipExpiryTask.run({ config: t.config, database, clock: t.now, events: t.events }, t.now());
        await query('COMMIT');
      });
      expect(await actions(freeId)).toHaveLength(1);
      expect(await actions(lockedId)).toEqual([]);
      await t.drain();
      expect(await actions(lockedId)).toHaveLength(1);
    });
  }
});
