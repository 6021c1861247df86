import { sql } from 'drizzle-orm';
import type { DatabaseHandle, Tx } from '../platform/db/client.ts';
import { unsafeSystemTransaction } from '../platform/db/scope.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { delegatedAdminRelationships, organizations, resellerRelationships } from '../features/organizations/tables.ts';
import { users } from '../features/users/tables.ts';
import * as demo from './demo-data.ts';

const DAY = 24 * 60 * 60 * 1000;

/** True when the database holds no organisation yet (first start of an embedded database). */
export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return (row?.n ?? 0) === 0;
}

/** Seeds the demo graph of the README. Refuses to run twice (the vendor is unique). */
export async function seedDemo(handle: DatabaseHandle, now: Date): Promise<void> {
  const passwordHash = await hashPassword(demo.DEMO_PASSWORD);
  await unsafeSystemTransaction(handle.db, async (tx) => {
    const ids = new Map<string, string>();
    const add = async (org: demo.DemoOrganization, kind: 'vendor' | 'distributor' | 'partner' | 'customer') => {
      const [row] = await tx
        .insert(organizations)
        .values({
          kind,
          name: org.name,
          primaryDomain: org.domain,
          verifiedDomains: [org.domain],
          addressLine1: org.line1,
          city: org.city,
          postalCode: org.postalCode,
          country: org.country,
          language: org.language,
          directoryTenantId: crypto.randomUUID(),
          createdAt: new Date(now.getTime() - 400 * DAY),
        })
        .returning({ id: organizations.id });
      if (!row) throw new Error(`could not insert ${org.name}`);
      ids.set(org.key, row.id);
      return row.id;
    };
    const id = (key: string) => {
      const found = ids.get(key);
      if (!found) throw new Error(`demo data names an unknown organisation: ${key}`);
      return found;
    };

    await add(demo.vendor, 'vendor');
    for (const d of demo.distributors) await add(d, 'distributor');
    for (const p of demo.partners) {
      await add(p, 'partner');
      await tx.insert(resellerRelationships).values({
        distributorId: id(p.distributor),
        partnerId: id(p.key),
        status: p.resellerStatus,
        requestedBy: 'distributor',
        createdAt: new Date(now.getTime() - 300 * DAY),
        acceptedAt: p.resellerStatus === 'active' ? new Date(now.getTime() - 299 * DAY) : null,
      });
    }
    for (const [i, c] of demo.customers.entries()) {
      await add(c, 'customer');
      await insertRelationship(tx, id(c.provider), id(c.key), c.dap, now, i);
    }
    await tx.insert(users).values(
      demo.accounts.map((a) => ({
        organizationId: id(a.organization),
        email: a.email,
        displayName: a.displayName,
        passwordHash,
        roles: a.roles,
        language: null,
        status: 'active' as const,
      })),
    );
  });
}

/** One delegated-admin relationship in the given demo state, with dates that make the state true today. */
async function insertRelationship(
  tx: Tx,
  providerId: string,
  customerId: string,
  state: demo.DemoCustomer['dap'],
  now: Date,
  i: number,
) {
  const day = (n: number) => new Date(now.getTime() + n * DAY);
  const base = { providerId, customerId, roles: ['admin_agent', 'helpdesk_agent'], createdAt: day(-200 - i) };
  const values = {
    active: { status: 'active', durationDays: 730, startsAt: day(-100 - i), endsAt: day(630 - i) },
    expiring: { status: 'active', durationDays: 365, startsAt: day(-345), endsAt: day(20 - (i % 10)) },
    expired: { status: 'active', durationDays: 180, startsAt: day(-200), endsAt: day(-20) },
    pending: { status: 'pending', durationDays: 730, startsAt: null, endsAt: null },
    declined: { status: 'declined', durationDays: 365, startsAt: null, endsAt: null },
    terminated: {
      status: 'terminated',
      durationDays: 365,
      startsAt: day(-150),
      endsAt: day(215),
      terminatedAt: day(-10),
    },
  } as const;
  await tx.insert(delegatedAdminRelationships).values({ ...base, ...values[state] });
}
