import { inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle, Tx } from '../platform/db/client.ts';
import { unsafeSystemTransaction } from '../platform/db/scope.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { delegatedAdminRelationships, organizations, resellerRelationships } from '../core/tenancy/tables.ts';
import { users } from '../core/tenancy/users.ts';
import * as demo from './demo-data.ts';
import { products as demoProducts } from './demo-catalogue.ts';
import { products, skus } from '../core/catalogue/tables.ts';
import { activationLinks } from '../features/activation/tables.ts';
import { linkTokenHash } from '../platform/auth/link-token.ts';
import { startFromBeginning } from '../platform/events/reactions.ts';
import { recordEvent } from '../platform/events/record.ts';
import { reactions } from '../reactions.ts';
import { seedNotifications } from './demo-notifications.ts';

const DAY = 24 * 60 * 60 * 1000;

/** True when the database holds no organisation yet (first start of an embedded database). */
export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return (row?.n ?? 0) === 0;
}

/** Seeds the demo graph of the README. Refuses to run twice (the vendor is unique). */
/**
 * The demo organisations, accounts and their data. `linkSecret` is the instance's SESSION_SECRET: the demo's
 * activation links are signed with it, so that their Copy and Resend work like those of any other link.
 */
export async function seedDemo(handle: DatabaseHandle, now: Date, options: { linkSecret: string }): Promise<void> {
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
      await insertRelationship(tx, id(c.provider), id(c.key), c.dap, now, i, c.name);
    }
    await seedCustomerManagement(tx, now);
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
    await seedActivationLinks(tx, now, options.linkSecret);
    await seedNotifications(tx, now);
    // The demo's expiring relationships and subscriptions raise their actions when the worker first runs.
    await startFromBeginning(tx, reactions);
  });
}

/** The demo's activation links (demo-data.ts): pending, about to expire, expired and revoked. */
async function seedActivationLinks(tx: Tx, now: Date, secret: string) {
  const senders = new Map(
    (
      await tx
        .select({ id: users.id, email: users.email, organizationId: users.organizationId })
        .from(users)
        .where(inArray(users.email, [...new Set(demo.activationLinks.map((l) => l.sentBy))]))
    ).map((u) => [u.email, u]),
  );
  const skuIds = new Map((await tx.select({ id: skus.id, code: skus.code }).from(skus)).map((k) => [k.code, k.id]));
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  await tx.insert(activationLinks).values(
    demo.activationLinks.map((l) => {
      const id = crypto.randomUUID();
      const sender = senders.get(l.sentBy);
      if (!sender) throw new Error(`demo activation link sent by an unknown account: ${l.sentBy}`);
      return {
        id,
        kind: l.kind,
        senderOrganizationId: sender.organizationId,
        senderUserId: sender.id,
        organizationName: l.organizationName,
        recipientEmail: l.recipientEmail,
        language: l.language,
        skus: l.skus.map(([code, quantity]) => {
          const skuId = skuIds.get(code);
          if (!skuId) throw new Error(`demo activation link names an unknown SKU: ${code}`);
          return { skuId, quantity };
        }),
        tokenHash: linkTokenHash(secret, id, 1),
        status: l.revokedDaysAgo === undefined ? ('pending' as const) : ('revoked' as const),
        expiresAt: at(l.expiresInDays),
        sendCount: 1,
        lastSentAt: at(l.expiresInDays - 14),
        revokedAt: l.revokedDaysAgo === undefined ? null : at(-l.revokedDaysAgo),
        createdAt: at(l.expiresInDays - 14),
      };
    }),
  );
}

/** One delegated-admin relationship in the given demo state, with dates that make the state true today. */
async function insertRelationship(
  tx: Tx,
  providerId: string,
  customerId: string,
  state: demo.DemoCustomer['dap'],
  now: Date,
  i: number,
  customerName: string,
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
  const [row] = await tx
    .insert(delegatedAdminRelationships)
    .values({ ...base, ...values[state] })
    .returning({ id: delegatedAdminRelationships.id });
  // A request still waiting is in the log as the request made it, so that it waits in the customer's Center too.
  if (state === 'pending' && row) {
    await recordEvent(
      tx,
      { actor: null },
      {
        action: 'relationship.requested',
        organizationId: customerId,
        target: { type: 'delegated_admin_relationship', id: row.id, label: customerName },
        changes: { providerId, roles: [...base.roles], durationDays: values.pending.durationDays },
      },
    );
  }
}

/**
 * The customer-management demo: the catalogue, subscriptions with expiries spread over the coming year (some within
 * 30 days), open incidents and advisories so that health differs across customers, service requests in every status.
 * Set-based SQL over the customers just inserted, so that the same statements serve `seed --scale`.
 */
async function seedCustomerManagement(tx: Tx, now: Date) {
  for (const p of demoProducts) {
    const [product] = await tx
      .insert(products)
      .values({ name: p.name, adminCenters: p.adminCenters })
      .returning({ id: products.id });
    if (!product) throw new Error(`could not insert ${p.name}`);
    await tx.insert(skus).values(p.skus.map((s) => ({ ...s, productId: product.id })));
  }
  await seedSubscriptions(tx, now, sql`SELECT id FROM organizations WHERE kind = 'customer'`);
  const at = now.toISOString();
  // An incident on the customers of Fourth Coffee's partner that use Teamwork, an advisory on every Backup user.
  await tx.execute(sql`
    WITH i AS (
      INSERT INTO incidents (reference, product_id, kind, title, status, severity, scope, starts_at)
      SELECT 'INC-240117', p.id, 'incident', 'Teamwork: meetings fail to start for some tenants', 'mitigating',
             'high', 'customers', ${at}::timestamptz - interval '3 hours'
        FROM products p WHERE p.name = 'Relais Teamwork'
      RETURNING id
    ), affected AS (
      INSERT INTO incident_customers (incident_id, customer_id)
      SELECT i.id, o.id FROM i, organizations o
       WHERE o.kind = 'customer' AND (o.primary_domain = 'fourthcoffee.example' OR (hashtext(o.name) % 5) = 0)
    )
    INSERT INTO incident_updates (incident_id, status, message, posted_at)
    SELECT i.id, u.status, u.message, ${at}::timestamptz - u.ago FROM i, (VALUES
      ('investigating', 'We are investigating reports of meetings that fail to start.', interval '3 hours'),
      ('mitigating', 'A configuration change is being rolled back; meetings start again for most tenants.',
       interval '40 minutes')) AS u(status, message, ago)`);
  await tx.execute(sql`
    WITH i AS (
      INSERT INTO incidents (reference, product_id, kind, title, status, severity, scope, starts_at)
      SELECT 'ADV-240118', p.id, 'advisory', 'Backup: nightly jobs may finish later than usual', 'monitoring',
             'low', 'product', ${at}::timestamptz - interval '1 day'
        FROM products p WHERE p.name = 'Relais Backup'
      RETURNING id
    )
    INSERT INTO incident_updates (incident_id, status, message, posted_at)
    SELECT i.id, 'monitoring', 'Jobs complete, up to two hours late. No data is at risk.',
           ${at}::timestamptz - interval '20 hours' FROM i`);
  // Service requests in every status, on behalf of customers by their provider.
  await tx.execute(sql`
    WITH c AS (
      SELECT o.id, o.name, o.primary_domain, d.provider_id, row_number() OVER (ORDER BY o.name) AS n
        FROM organizations o JOIN delegated_admin_relationships d ON d.customer_id = o.id AND d.status = 'active'
       WHERE o.kind = 'customer'
    ), r AS (
      INSERT INTO service_requests (customer_id, product_id, title, description, severity, status, contact_name,
                                    contact_email, created_by_organization_id, created_at, updated_at, closed_at)
      SELECT c.id, (SELECT id FROM products ORDER BY name OFFSET (c.n % 4) LIMIT 1),
             (ARRAY['Users cannot sign in from the mobile app', 'Mailbox migration stuck at 80 %',
                    'Licence assignment fails for new hires', 'Shared calendar not visible to a team'])[1 + c.n % 4],
             'Reported by the customer''s IT lead; steps to reproduce in the first note.',
             (ARRAY['critical', 'moderate', 'minimal'])[1 + c.n % 3],
             (ARRAY['open', 'attention_needed', 'closed'])[1 + (c.n / 2) % 3],
             'IT lead', 'it@' || c.primary_domain, c.provider_id,
             ${at}::timestamptz - (c.n % 20) * interval '1 day', ${at}::timestamptz - (c.n % 5) * interval '1 hour',
             CASE WHEN (c.n / 2) % 3 = 2 THEN ${at}::timestamptz - interval '1 hour' END
        FROM c WHERE c.n % 2 = 0
      RETURNING id, created_by_organization_id, created_at
    )
    INSERT INTO service_request_notes (service_request_id, body, author_name, author_organization_id, created_at)
    SELECT r.id, 'Steps: open the app, sign in, the spinner never ends. Started this morning.', 'Support desk',
           r.created_by_organization_id, r.created_at + interval '10 minutes' FROM r`);
}

/**
 * One to three subscriptions per customer of the given set: SKUs, quantities and commitment ends (spread over the
 * coming year, a few within 30 days) vary with the customer's position; billed by the provider's distributor.
 */
export async function seedSubscriptions(tx: Tx, now: Date, customers: ReturnType<typeof sql>) {
  await tx.execute(sql`
    WITH k AS (SELECT array_agg(id ORDER BY code) AS ids FROM skus),
    c AS (
      SELECT o.id, row_number() OVER (ORDER BY o.id) AS n,
             coalesce(r.distributor_id, d.provider_id) AS billing,
             CASE WHEN p.kind = 'partner' THEN p.id END AS reseller
        FROM organizations o
        JOIN delegated_admin_relationships d ON d.customer_id = o.id
        JOIN organizations p ON p.id = d.provider_id
        LEFT JOIN reseller_relationships r ON r.partner_id = d.provider_id AND r.status = 'active'
       WHERE o.id IN (${customers})
    )
    INSERT INTO subscriptions (customer_id, sku_id, quantity, status, starts_at, term_months, commitment_ends_at,
                               auto_renew, billing_provider_id, reseller_id)
    SELECT c.id, k.ids[1 + (c.n * 3 + s) % cardinality(k.ids)], 5 + (c.n * 37 + s * 11) % 495,
           CASE WHEN (c.n + s) % 23 = 0 THEN 'suspended' ELSE 'active' END,
           ${now.toISOString()}::timestamptz - interval '1 year' + ((c.n * 7 + s * 53) % 365 + 1) * interval '1 day',
           12,
           ${now.toISOString()}::timestamptz + ((c.n * 7 + s * 53) % 365 + 1) * interval '1 day',
           (c.n + s) % 4 <> 0, c.billing, c.reseller
      FROM c, k, generate_series(0, (c.n % 3)::int) AS s`);
}
