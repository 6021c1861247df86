import { describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp } from '../../../test/helper.ts';
import { createCustomer, createOrganization, createPartner, createUser } from '../../../test/factories.ts';
import { makeActor } from '../../core/tenancy/actor.ts';
import { rowsOf } from './client.ts';
import { unsafeSystemTransaction, withActor } from './scope.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';

const { database } = await buildTestApp();
const { partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const adatumCustomer = await createCustomer(database, adatum);
const litwareCustomer = await createCustomer(database, litware);
const adatumUser = await createUser(database, adatum);
const litwareUser = await createUser(database, litware);

const adatumActor = makeActor({
  userId: adatumUser.id,
  organizationId: adatum.id,
  organizationKind: 'partner',
  roles: ['admin'],
  language: null,
  via: { kind: 'session', id: 'test' },
});

// These queries deliberately leave out the repositories' own scoping, as a forgetful route would:
// row-level security alone must keep other organisations' rows out.
describe('row-level security, the second wall', () => {
  test('an unfiltered read of organizations returns only what the actor may see', async () => {
    const ids = await withActor(database.db, { actor: adatumActor }, async (tx) =>
      (await tx.select({ id: organizations.id }).from(organizations)).map((r) => r.id),
    );
    expect(ids).toContain(adatum.id);
    expect(ids).toContain(adatumCustomer.id);
    expect(ids).not.toContain(litwareCustomer.id);
    expect(ids).not.toContain(litware.id);
    const all = await unsafeSystemTransaction(database.db, async (tx) =>
      tx.select({ id: organizations.id }).from(organizations),
    );
    expect(all.length).toBeGreaterThan(ids.length);
  });

  test('an unfiltered raw SQL read of users and a direct read by id are refused too', async () => {
    await withActor(database.db, { actor: adatumActor }, async (tx) => {
      const emails = rowsOf<{ email: string }>(await tx.execute(sql`SELECT email FROM users`)).map((r) => r.email);
      expect(emails).toContain(adatumUser.email);
      expect(emails).not.toContain(litwareUser.email);
      const direct = rowsOf(await tx.execute(sql`SELECT * FROM organizations WHERE id = ${litwareCustomer.id}`));
      expect(direct).toHaveLength(0);
    });
  });

  test('an unfiltered write cannot touch another organisation', async () => {
    await withActor(database.db, { actor: adatumActor }, async (tx) => {
      await tx.update(organizations).set({ name: 'Hijacked' });
      await tx.update(users).set({ displayName: 'Hijacked' });
    });
    const [row] = await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .execute(sql`SELECT name FROM organizations WHERE id = ${litwareCustomer.id}`)
        .then((r) => rowsOf<{ name: string }>(r)),
    );
    expect(row?.name).toBe(litwareCustomer.name);
    const [user] = await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .execute(sql`SELECT display_name FROM users WHERE id = ${litwareUser.id}`)
        .then((r) => rowsOf<{ display_name: string }>(r)),
    );
    expect(user?.display_name).not.toBe('Hijacked');
  });

  test('the request role is not a superuser and cannot switch RLS off', async () => {
    await expect(
      withActor(database.db, { actor: adatumActor }, (tx) =>
        tx.execute(sql`ALTER TABLE organizations DISABLE ROW LEVEL SECURITY`),
      ),
    ).rejects.toThrow();
    const who = await withActor(database.db, { actor: adatumActor }, async (tx) =>
      rowsOf<{ current_user: string; rolsuper: boolean }>(
        await tx.execute(sql`SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user`),
      ),
    );
    expect(who[0]).toEqual({ current_user: 'relais_app', rolsuper: false });
  });

  test('a transaction with no actor sees no organisation at all', async () => {
    const rows = await database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('role', 'relais_app', true)`);
      return rowsOf(await tx.execute(sql`SELECT id FROM organizations`));
    });
    expect(rows).toHaveLength(0);
  });
});

test('a new organisation is visible to nobody but the vendor until a relationship exists', async () => {
  const lone = await createOrganization(database, 'customer');
  const ids = await withActor(database.db, { actor: adatumActor }, async (tx) =>
    (await tx.select({ id: organizations.id }).from(organizations)).map((r) => r.id),
  );
  expect(ids).not.toContain(lone.id);
});
