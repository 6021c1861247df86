import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { RoleName } from '../src/core/tenancy/roles.ts';
import type { DatabaseHandle } from '../src/platform/db/client.ts';
import { unsafeSystemTransaction } from '../src/platform/db/scope.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import {
  delegatedAdminRelationships,
  organizations,
  resellerRelationships,
  type OrganizationKind,
} from '../src/core/tenancy/tables.ts';
import { users } from '../src/core/tenancy/users.ts';
import { TEST_ORIGIN, type AuthHeaders } from './helper.ts';

export const TEST_PASSWORD = 'Correct-horse-9';
// argon2id is slow on purpose; one hash serves every test user.
let passwordHash: Promise<string> | undefined;

const DAY = 86_400_000;
const word = () => randomBytes(4).toString('hex');

export type OrganizationRow = typeof organizations.$inferSelect;

/** Creates one organisation with a random name and domain. */
export async function createOrganization(
  database: DatabaseHandle,
  kind: OrganizationKind,
  overrides: Partial<typeof organizations.$inferInsert> = {},
): Promise<OrganizationRow> {
  const id = word();
  const domain = `${kind}-${id}.example`;
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .insert(organizations)
      .values({
        kind,
        name: `${kind[0]?.toUpperCase()}${kind.slice(1)} ${id}`,
        primaryDomain: domain,
        verifiedDomains: [domain],
        addressLine1: '1 test street',
        city: 'Testville',
        postalCode: '00000',
        country: 'FR',
        language: 'fr',
        directoryTenantId: randomUUID(),
        ...overrides,
      })
      .returning();
    if (!row) throw new Error('organization insert failed');
    return row;
  });
}

/** A distributor → partner pair with an active reseller relationship. */
export async function createPartner(database: DatabaseHandle, distributor?: OrganizationRow) {
  const dist = distributor ?? (await createOrganization(database, 'distributor'));
  const partner = await createOrganization(database, 'partner');
  await unsafeSystemTransaction(database.db, (tx) =>
    tx.insert(resellerRelationships).values({
      distributorId: dist.id,
      partnerId: partner.id,
      status: 'active',
      requestedBy: 'distributor',
      acceptedAt: new Date(),
    }),
  );
  return { distributor: dist, partner };
}

/** A customer that granted delegated admin to the provider; `endsInDays` negative makes it expired. */
export async function createCustomer(
  database: DatabaseHandle,
  provider: OrganizationRow,
  options: { status?: 'active' | 'pending' | 'terminated' | 'declined'; endsInDays?: number; now?: Date } = {},
) {
  const customer = await createOrganization(database, 'customer');
  const now = options.now ?? new Date();
  const status = options.status ?? 'active';
  const dated = status === 'active' || status === 'terminated';
  await unsafeSystemTransaction(database.db, (tx) =>
    tx.insert(delegatedAdminRelationships).values({
      providerId: provider.id,
      customerId: customer.id,
      roles: ['admin_agent'],
      durationDays: 365,
      status,
      startsAt: dated ? new Date(now.getTime() - 10 * DAY) : null,
      endsAt: dated ? new Date(now.getTime() + (options.endsInDays ?? 300) * DAY) : null,
    }),
  );
  return customer;
}

export interface TestUser {
  id: string;
  email: string;
  organizationId: string;
}

/** Creates an active user of the organisation with the given roles and TEST_PASSWORD. */
export async function createUser(
  database: DatabaseHandle,
  organization: OrganizationRow,
  roles: RoleName[] = ['admin'],
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const email = `${roles[0] ?? 'user'}-${word()}@${organization.primaryDomain}`;
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ organizationId: organization.id, email, displayName: `User ${word()}`, passwordHash: hash, roles })
      .returning({ id: users.id });
    if (!row) throw new Error('user insert failed');
    return { id: row.id, email, organizationId: organization.id };
  });
}

/** Signs a user in through the API and returns the headers a browser would send: cookie and same origin. */
export async function signIn(
  app: FastifyInstance,
  user: { email: string },
  password = TEST_PASSWORD,
): Promise<AuthHeaders> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    headers: { origin: TEST_ORIGIN },
    payload: { email: user.email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${user.email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'relais_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `relais_session=${cookie.value}`, origin: TEST_ORIGIN };
}

/** An organisation with an Admin already signed in: the usual start of a route test. */
export async function signedInOrganization(
  app: FastifyInstance,
  database: DatabaseHandle,
  organization: OrganizationRow,
  roles: RoleName[] = ['admin'],
) {
  const user = await createUser(database, organization, roles);
  return { user, organization, headers: await signIn(app, user) };
}

export async function userRow(database: DatabaseHandle, id: string) {
  return unsafeSystemTransaction(database.db, async (tx) => (await tx.select().from(users).where(eq(users.id, id)))[0]);
}
