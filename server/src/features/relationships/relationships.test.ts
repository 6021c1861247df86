import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createOrganization, createPartner, createUser, signedInOrganization } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { eventsAbout, relationshipRow } from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { delegatedAdminRelationships } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import type { Relationship } from './schemas.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const asAdatum = await signedInOrganization(app, database, adatum);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asContoso = await signedInOrganization(app, database, contoso);
const asLitware = await signedInOrganization(app, database, litware);

/** A customer with an Admin (signed in), a Reader, and an English-speaking second Admin. */
async function customerWithPeople() {
  const customer = await createOrganization(database, 'customer', { language: 'fr' });
  const admin = await signedInOrganization(app, database, customer);
  const reader = await signedInOrganization(app, database, customer, ['reader']);
  const english = await createUser(database, customer);
  await unsafeSystemTransaction(database.db, (tx) =>
    tx.update(users).set({ language: 'en' }).where(eq(users.id, english.id)),
  );
  return { customer, admin, reader, english };
}

const url = '/api/v1/relationships';
const request = (headers: Record<string, string>, payload: object) =>
  app.inject({ method: 'POST', url, headers, payload });
const decide = (headers: Record<string, string>, id: string, decision: string) =>
  app.inject({ method: 'POST', url: `${url}/${id}/${decision}`, headers });
const body = (domain: string, overrides: object = {}) => ({
  customerDomain: domain,
  roles: ['admin_agent', 'helpdesk_agent'],
  durationDays: 90,
  ...overrides,
});
const relationshipsBetween = (providerId: string, customerId: string) =>
  unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select()
      .from(delegatedAdminRelationships)
      .where(
        and(
          eq(delegatedAdminRelationships.providerId, providerId),
          eq(delegatedAdminRelationships.customerId, customerId),
        ),
      ),
  );
const sees = async (headers: Record<string, string>, id: string) =>
  (await app.inject({ method: 'GET', url: `/api/v1/organizations/${id}`, headers })).statusCode === 200;

interface RelationshipPage {
  totalCount: number;
  items: Relationship[];
  links: { next?: string };
}

async function list(headers: Record<string, string>, query = '') {
  const res = await app.inject({ method: 'GET', url: `${url}?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<RelationshipPage>();
}

/** Sends a request (202, the same answer whatever the domain) and finds it in the provider's pending list. */
async function requested(headers: Record<string, string>, payload: { customerDomain: string }): Promise<Relationship> {
  const res = await request(headers, payload);
  expect(res.statusCode, res.body).toBe(202);
  const domain = payload.customerDomain.toLowerCase();
  const found = (await list(headers, 'status=pending&size=500')).items.find((r) => r.customer.primaryDomain === domain);
  if (!found) throw new Error(`no pending request for ${domain}`);
  return found;
}

describe('/api/v1/relationships', () => {
  test('401 without credentials on every route', async () => {
    const id = crypto.randomUUID();
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await request({}, body('x.example'))).statusCode).toBe(401);
    for (const decision of ['approve', 'decline', 'terminate']) {
      expect((await decide({}, id, decision)).statusCode).toBe(401);
    }
  });

  test('400 for invalid input, and nothing is created', async () => {
    const { customer } = await customerWithPeople();
    const invalid = [
      body(customer.primaryDomain, { durationDays: 0 }),
      body(customer.primaryDomain, { durationDays: 731 }),
      body(customer.primaryDomain, { roles: [] }),
      body(customer.primaryDomain, { roles: ['owner'] }),
      body(customer.primaryDomain, { roles: ['admin_agent', 'admin_agent'] }),
      body('not a domain'),
      { ...body(customer.primaryDomain), status: 'active' },
    ];
    for (const payload of invalid) {
      const res = await request(asAdatum.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await relationshipsBetween(adatum.id, customer.id)).toEqual([]);
    for (const query of ['status=lost', 'size=0', 'cursor=nope']) {
      expect((await app.inject({ method: 'GET', url: `${url}?${query}`, headers: asAdatum.headers })).statusCode).toBe(
        400,
      );
    }
    expect((await decide(asAdatum.headers, 'not-a-uuid', 'approve')).statusCode).toBe(400);
  });

  test('the same answer whether a customer has the domain, none does, or a partner does: no oracle, no name', async () => {
    const { customer } = await customerWithPeople();
    const answers = [];
    for (const domain of [customer.primaryDomain, 'nobody-here.example', litware.primaryDomain]) {
      const res = await request(asAdatum.headers, body(domain));
      expect(res.statusCode, domain).toBe(202);
      expect(res.body).not.toContain(customer.name);
      expect(res.body).not.toContain(litware.name);
      answers.push({ ...res.json<Record<string, unknown>>(), customerDomain: 'x' });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // Until the customer approves, the provider knows it by the domain it asked for, not by its name.
    const pending = (await list(asAdatum.headers, 'status=pending&size=500')).items.find(
      (r) => r.customer.id === customer.id,
    );
    expect(pending?.customer).toEqual({
      id: customer.id,
      name: customer.primaryDomain,
      primaryDomain: customer.primaryDomain,
    });
    expect(await relationshipsBetween(adatum.id, litware.id)).toEqual([]);
  });

  test('403 for customers and Readers, and nothing changes', async () => {
    const { customer, admin, reader } = await customerWithPeople();
    expect((await request(admin.headers, body(customer.primaryDomain))).statusCode).toBe(403);
    expect((await request(asAdatumReader.headers, body(customer.primaryDomain))).statusCode).toBe(403);
    expect(await relationshipsBetween(adatum.id, customer.id)).toEqual([]);
    const created = await requested(asAdatum.headers, body(customer.primaryDomain));
    const snapshot = await relationshipRow(database, created.id);
    for (const decision of ['approve', 'decline', 'terminate']) {
      const res = await decide(reader.headers, created.id, decision);
      expect(res.statusCode, decision).toBe(403);
    }
    // The provider may not answer its own request.
    for (const decision of ['approve', 'decline']) {
      expect((await decide(asAdatum.headers, created.id, decision)).statusCode, decision).toBe(403);
    }
    expect(await relationshipRow(database, created.id)).toEqual(snapshot);
  });

  test('request → mail to the Admins in their language → approve → the provider sees the customer', async () => {
    const { customer, admin, reader, english } = await customerWithPeople();
    const created = await requested(asAdatum.headers, body(customer.primaryDomain.toUpperCase(), { durationDays: 60 }));
    expect(created).toMatchObject({
      provider: { id: adatum.id, kind: 'partner', name: adatum.name },
      customer: { id: customer.id, name: customer.primaryDomain, primaryDomain: customer.primaryDomain },
      roles: ['admin_agent', 'helpdesk_agent'],
      durationDays: 60,
      status: 'pending',
      startsAt: null,
      endsAt: null,
    });
    expect(await sees(asAdatum.headers, customer.id)).toBe(false);
    expect((await request(asAdatum.headers, body(customer.primaryDomain))).statusCode).toBe(409);

    const mails = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.organizationId, customer.id)),
    );
    const byRecipient = new Map(mails.map((m) => [m.recipient, m]));
    expect(byRecipient.get(admin.user.email.toLowerCase())).toMatchObject({
      template: 'relationship_request',
      language: 'fr',
      subject: `${adatum.name} demande un accès d'administration délégué à ${customer.name}`,
    });
    expect(byRecipient.get(english.email.toLowerCase())).toMatchObject({ language: 'en' });
    expect(byRecipient.get(english.email.toLowerCase())?.text).toContain(
      'Review the request: http://localhost:3000/relationships',
    );
    expect(byRecipient.has(reader.user.email.toLowerCase())).toBe(false);

    // Both sides list it, each with the other's name.
    expect((await list(admin.headers)).items).toMatchObject([{ id: created.id, provider: { name: adatum.name } }]);
    expect((await list(asAdatum.headers, 'status=pending')).items.map((r) => r.id)).toContain(created.id);

    const approved = await decide(admin.headers, created.id, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'active',
      startsAt: t.now().toISOString(),
      endsAt: new Date(t.now().getTime() + 60 * DAY).toISOString(),
    });
    expect(await sees(asAdatum.headers, customer.id)).toBe(true);
    expect(await sees(asContoso.headers, customer.id)).toBe(true);
    expect((await decide(admin.headers, created.id, 'approve')).statusCode).toBe(409);
    expect((await request(asAdatum.headers, body(customer.primaryDomain))).statusCode).toBe(409);

    expect(await eventsAbout(database, created.id)).toMatchObject([
      { action: 'relationship.requested', organizationId: customer.id },
      { action: 'relationship.approved', organizationId: customer.id },
      { action: 'relationship.approved', organizationId: adatum.id },
    ]);
  });

  test('decline: the provider sees nothing, both sides get the event', async () => {
    const { customer, admin } = await customerWithPeople();
    const created = await requested(asLitware.headers, body(customer.primaryDomain));
    const res = await decide(admin.headers, created.id, 'decline');
    expect(res.json()).toMatchObject({ status: 'declined', startsAt: null });
    expect(await sees(asLitware.headers, customer.id)).toBe(false);
    expect((await decide(admin.headers, created.id, 'approve')).statusCode).toBe(409);
    expect(await eventsAbout(database, created.id, 'relationship.declined')).toMatchObject([
      { organizationId: customer.id },
      { organizationId: litware.id },
    ]);
    // A declined request does not block a new one.
    expect((await request(asLitware.headers, body(customer.primaryDomain))).statusCode).toBe(202);
  });

  test('terminate: either side ends it, and the provider loses sight of the customer', async () => {
    const { customer, admin } = await customerWithPeople();
    const first = await requested(asAdatum.headers, body(customer.primaryDomain));
    await decide(admin.headers, first.id, 'approve');
    const byProvider = await decide(asAdatum.headers, first.id, 'terminate');
    expect(byProvider.json()).toMatchObject({ status: 'terminated' });
    expect(await sees(asAdatum.headers, customer.id)).toBe(false);
    expect((await decide(asAdatum.headers, first.id, 'terminate')).statusCode).toBe(409);
    expect(await eventsAbout(database, first.id, 'relationship.terminated')).toMatchObject([
      { organizationId: customer.id },
    ]);

    const second = await requested(asAdatum.headers, body(customer.primaryDomain));
    await decide(admin.headers, second.id, 'approve');
    expect((await decide(admin.headers, second.id, 'terminate')).json()).toMatchObject({ status: 'terminated' });
    expect(await sees(asAdatum.headers, customer.id)).toBe(false);
    expect(await eventsAbout(database, second.id, 'relationship.terminated')).toMatchObject([
      { organizationId: customer.id },
      { organizationId: adatum.id },
    ]);
  });

  test('another organisation gets 404 on every decision and does not list it; nothing changes', async () => {
    const { customer } = await customerWithPeople();
    const { admin: otherCustomer } = await customerWithPeople();
    const created = await requested(asAdatum.headers, body(customer.primaryDomain));
    const snapshot = () => relationshipRow(database, created.id);
    // The provider's own distributor is not a party either.
    for (const outsider of [asLitware, otherCustomer, asContoso]) {
      for (const decision of ['approve', 'decline', 'terminate']) {
        await expectCrossTenantNotFound(
          app,
          { method: 'POST', url: `${url}/${created.id}/${decision}` },
          outsider.headers,
          snapshot,
        );
      }
      expect((await list(outsider.headers)).items.map((r) => r.id)).not.toContain(created.id);
    }
    for (const decision of ['approve', 'decline', 'terminate']) {
      expect((await decide(asAdatum.headers, crypto.randomUUID(), decision)).statusCode).toBe(404);
    }
  });

  test('lists newest first with effective statuses, page by page', async () => {
    const provider = await signedInOrganization(app, database, (await createPartner(database, contoso)).partner);
    const start = t.now();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        t.setNow(new Date(start.getTime() + i * 1000));
        const { customer, admin } = await customerWithPeople();
        const created = await requested(provider.headers, body(customer.primaryDomain, { durationDays: 20 }));
        if (i === 0) await decide(admin.headers, created.id, 'approve');
        ids.push(created.id);
      }
    } finally {
      t.setNow(start);
    }
    const seen: string[] = [];
    let next: string | undefined = `${url}?size=2`;
    while (next) {
      const page: RelationshipPage = (await app.inject({ method: 'GET', url: next, headers: provider.headers })).json();
      expect(page.totalCount).toBe(3);
      seen.push(...page.items.map((r) => r.id));
      next = page.links.next;
    }
    expect(seen).toEqual([...ids].reverse());
    // 20 days: within the last 30, so the approved one is expiring at once.
    expect((await list(provider.headers, 'status=expiring')).items.map((r) => r.id)).toEqual([ids[0]]);
    expect((await list(provider.headers, 'status=pending')).totalCount).toBe(2);
  });
});
