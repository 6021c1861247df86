import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { TEST_ORIGIN, buildTestApp } from '../../../test/helper.ts';
import {
  createCustomer,
  createOrganization,
  createPartner,
  createUser,
  signIn,
  signedInOrganization,
} from '../../../test/factories.ts';
import { createProduct } from '../../../test/factories-support.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { testDatabaseKind } from '../../../test/databases.ts';
import { roleNames, roles } from '../../core/tenancy/roles.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { identityProviders } from '../sso/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import type { Operator } from './schemas.ts';
import { operatorInvitations } from './tables.ts';

const DAY = 24 * 60 * 60 * 1000;
const t = await buildTestApp();
const { app, database } = t;

const { partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const customer = await createCustomer(database, adatum);
const { product } = await createProduct(database);
const asAdatum = await signedInOrganization(app, database, adatum);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asLitware = await signedInOrganization(app, database, litware);

const url = '/api/v1/operators';
type Page = { totalCount: number; items: Operator[]; links: { self: string; next?: string } };

const snapshot = () =>
  unsafeSystemTransaction(database.db, async (tx) => ({
    users: await tx.select({ id: users.id, roles: users.roles, status: users.status }).from(users).orderBy(users.id),
    invitations: await tx
      .select({ id: operatorInvitations.id, sendCount: operatorInvitations.sendCount })
      .from(operatorInvitations)
      .orderBy(operatorInvitations.id),
    mails: (await tx.select({ id: mailOutbox.id }).from(mailOutbox)).length,
  }));

async function add(headers: Record<string, string>, payload: object, language = 'en') {
  return app.inject({ method: 'POST', url, headers: { ...headers, 'accept-language': language }, payload });
}

async function list(headers: Record<string, string>, query = ''): Promise<Page> {
  const res = await app.inject({ method: 'GET', url: `${url}?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
}

/** The invitation link mailed to an address: the last one sent. */
async function invitationTokenOf(email: string): Promise<string> {
  const mails = await unsafeSystemTransaction(database.db, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).orderBy(mailOutbox.createdAt),
  );
  const invitations = mails.filter((m) => m.template === 'operator_invitation');
  const last = invitations[invitations.length - 1];
  const match = /\/invitation\/([A-Za-z0-9_.-]+)/.exec(last?.text ?? '');
  if (!match?.[1]) throw new Error(`no invitation mailed to ${email}`);
  return match[1];
}

async function accept(token: string, password = 'A-long-enough-pass-42') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/invitations/${token}`,
    headers: { origin: TEST_ORIGIN },
    payload: { displayName: 'Nadia Invited', password },
  });
}

describe('GET /api/v1/roles', () => {
  test('lists every role of the table with its permissions, to anyone signed in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/roles', headers: asAdatumReader.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { name: string; permissions: string[] }[] }>();
    expect(body.items.map((r) => r.name)).toEqual(roleNames);
    for (const role of body.items) expect(role.permissions).toEqual([...roles[role.name as keyof typeof roles]]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/roles' })).statusCode).toBe(401);
  });
});

describe('/api/v1/operators', () => {
  test('an Admin adds an operator of a verified domain: pending, invited by e-mail in the organisation language', async () => {
    const email = `nadia@${adatum.primaryDomain}`;
    const res = await add(asAdatum.headers, { email: email.toUpperCase(), roles: ['reader'] });
    expect(res.statusCode, res.body).toBe(201);
    const operator = res.json<Operator>();
    expect(operator).toMatchObject({ email, roles: ['reader'], status: 'pending', isSelf: false });
    expect(operator.invitation).toMatchObject({ sendCount: 1, expired: false });
    expect(new Date(operator.invitation?.expiresAt ?? 0).getTime() - t.now().getTime()).toBe(7 * DAY);
    const mails = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)),
    );
    expect(mails.map((m) => [m.template, m.language])).toEqual([['operator_invitation', adatum.language]]);
    const pending = await list(asAdatum.headers, 'status=pending');
    expect(pending.items.map((o) => o.email)).toContain(email);
    expect((await list(asAdatum.headers)).items.map((o) => o.email)).not.toContain(email);
    const [event] = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(events).where(eq(events.action, 'operator.invited')),
    );
    expect(event?.organizationId).toBe(adatum.id);
  });

  test('a consumer mailbox or another organisation domain is refused, translated, and creates nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, string][] = [
      ['someone@gmail.com', 'consumer_mailbox', 'gmail.com'],
      ['someone@yahoo.fr', 'consumer_mailbox', 'yahoo.fr'],
      ['someone@orange.fr', 'consumer_mailbox', 'orange.fr'],
      [`someone@${litware.primaryDomain}`, 'email_domain_not_verified', litware.primaryDomain],
      [`someone@evil-${adatum.primaryDomain}`, 'email_domain_not_verified', `evil-${adatum.primaryDomain}`],
    ];
    for (const [email, code, domain] of cases) {
      for (const language of ['en', 'fr']) {
        const res = await add(asAdatum.headers, { email, roles: ['reader'] }, language);
        expect(res.statusCode, email).toBe(422);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = res.json<{ code: string; detail: string }>();
        expect(problem.code).toBe(code);
        expect(problem.detail).toContain(domain);
        expect(problem.detail).toMatch(
          language === 'fr' ? /messagerie personnelle|domaines vérifiés/ : /mailbox|domains/,
        );
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  test('bad input: no role, an unknown role, a malformed address, an address already taken', async () => {
    const before = await snapshot();
    for (const payload of [
      { email: `x@${adatum.primaryDomain}`, roles: [] },
      { email: `x@${adatum.primaryDomain}`, roles: ['owner'] },
      { email: 'not-an-address', roles: ['reader'] },
    ]) {
      const res = await add(asAdatum.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const taken = await add(asAdatum.headers, { email: asAdatumReader.user.email, roles: ['reader'] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'email_taken' });
    expect(await snapshot()).toEqual(before);
  });

  test('the invited Reader sets a password, is signed in read-only; promoted to Admin agent they create a service request', async () => {
    const email = `reader-to-agent@${adatum.primaryDomain}`;
    const added = (await add(asAdatum.headers, { email, roles: ['reader'] })).json<Operator>();
    const token = await invitationTokenOf(email);
    const shown = await app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      email,
      organization: { name: adatum.name },
      roles: ['reader'],
      sso: { available: false, required: false },
    });
    const accepted = await accept(token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ user: { email, displayName: 'Nadia Invited' }, roles: ['reader'] });
    const cookie = accepted.cookies.find((c) => c.name === 'relais_session');
    const headers = { cookie: `relais_session=${cookie?.value ?? ''}`, origin: TEST_ORIGIN };
    const request = {
      title: 'Mailbox sync fails',
      description: 'Since this morning no mailbox synchronises.',
      severity: 'moderate',
      productId: product.id,
      contact: { name: 'Ana Lima', email: 'ana@example.com', phone: '+33 1 23 45 67 89' },
    };
    const create = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customer.id}/servicerequests`,
        headers,
        payload: request,
      });
    expect((await create()).statusCode).toBe(403);
    // The link is used now.
    expect((await accept(token)).json()).toMatchObject({ status: 410, code: 'link_used' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(410);

    const promoted = await app.inject({
      method: 'PATCH',
      url: `${url}/${added.id}`,
      headers: asAdatum.headers,
      payload: { roles: ['admin_agent'] },
    });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({ status: 'active', roles: ['admin_agent'] });
    expect((await create()).statusCode).toBe(201);
    const told = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)),
    );
    expect(told.map((m) => m.template)).toContain('operator_roles_changed');
  });

  test('resend makes the previous link worthless; a link expires after 7 days; revoke withdraws it', async () => {
    const email = `late@${adatum.primaryDomain}`;
    const added = (await add(asAdatum.headers, { email, roles: ['helpdesk_agent'] })).json<Operator>();
    const first = await invitationTokenOf(email);
    const resent = await app.inject({ method: 'POST', url: `${url}/${added.id}/resend`, headers: asAdatum.headers });
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json<Operator>().invitation?.sendCount).toBe(2);
    const second = await invitationTokenOf(email);
    expect(second).not.toBe(first);
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${first}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${second}` })).statusCode).toBe(200);

    const start = t.now();
    t.setNow(new Date(start.getTime() + 7 * DAY + 1000));
    try {
      const expired = await app.inject({ method: 'GET', url: `/api/v1/invitations/${second}` });
      expect(expired.json()).toMatchObject({ status: 410, code: 'link_expired' });
      expect((await accept(second)).json()).toMatchObject({ code: 'link_expired' });
    } finally {
      t.setNow(start);
    }
    const admin = await signIn(app, asAdatum.user);
    const removed = await app.inject({ method: 'DELETE', url: `${url}/${added.id}`, headers: admin });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${second}` })).statusCode).toBe(404);
    expect((await list(admin, 'status=pending')).items.map((o) => o.email)).not.toContain(email);
  });

  test('an organisation that requires single sign-on refuses accepting by password', async () => {
    const email = `sso-only@${adatum.primaryDomain}`;
    await add(asAdatum.headers, { email, roles: ['reader'] });
    const token = await invitationTokenOf(email);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.insert(identityProviders).values({
        organizationId: adatum.id,
        kind: 'oidc',
        issuer: 'https://id.example',
        clientId: 'relais',
        clientSecret: 'secret',
        required: true,
      }),
    );
    try {
      expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).json()).toMatchObject({
        sso: { available: true, required: true },
      });
      const res = await accept(token);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'sso_required' });
      const [row] = await unsafeSystemTransaction(database.db, (tx) =>
        tx.select().from(users).where(eq(users.email, email)),
      );
      expect(row?.status).toBe('pending');
    } finally {
      await unsafeSystemTransaction(database.db, (tx) =>
        tx.delete(identityProviders).where(eq(identityProviders.organizationId, adatum.id)),
      );
    }
  });

  test('removing an operator ends their sessions at once; nobody removes or demotes themselves', async () => {
    const operator = await createUser(database, adatum, ['admin_agent']);
    const theirs = await signIn(app, operator);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs })).statusCode).toBe(200);
    const res = await app.inject({ method: 'DELETE', url: `${url}/${operator.id}`, headers: asAdatum.headers });
    expect(res.statusCode, res.body).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs })).statusCode).toBe(401);
    expect((await list(asAdatum.headers)).items.map((o) => o.id)).not.toContain(operator.id);
    const told = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, operator.email)),
    );
    expect(told.map((m) => m.template)).toEqual(['operator_removed']);

    // Invited again later: pending, and the old session does not come back.
    const again = await add(asAdatum.headers, { email: operator.email, roles: ['reader'] });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: operator.id, status: 'pending', roles: ['reader'] });
    await accept(await invitationTokenOf(operator.email));
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs })).statusCode).toBe(401);

    const self = asAdatum.user.id;
    for (const request of [
      { method: 'DELETE' as const, url: `${url}/${self}` },
      { method: 'PATCH' as const, url: `${url}/${self}`, payload: { roles: ['reader'] } },
    ]) {
      const refused = await app.inject({ ...request, headers: asAdatum.headers });
      expect(refused.statusCode, request.method).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'cannot_change_self' });
    }
  });

  test('lists with search, sort and paging', async () => {
    const all = await list(asAdatum.headers, 'size=500');
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    for (const [sort, key] of [
      ['name', (o: Operator) => `${o.displayName}\u0000${o.email}`],
      ['email', (o: Operator) => o.email],
    ] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: Operator[] = [];
        let next: string | undefined = `${url}?sort=${sort}&order=${order}&size=1`;
        while (next) {
          const page = await list(asAdatum.headers, next.split('?')[1]);
          expect(page.totalCount).toBe(all.totalCount);
          seen.push(...page.items);
          next = page.links.next;
        }
        const keys = seen.map(key);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys, `${sort} ${order}`).toEqual(order === 'asc' ? sorted : sorted.reverse());
      }
    }
    const found = await list(asAdatum.headers, `search=${encodeURIComponent(asAdatumReader.user.email.slice(0, 8))}`);
    expect(found.items.map((o) => o.id)).toContain(asAdatumReader.user.id);
    expect((await list(asAdatum.headers, 'search=%25')).totalCount).toBe(0);
  });

  test('a Reader may not manage operators', async () => {
    const before = await snapshot();
    for (const request of [
      { method: 'GET' as const, url },
      { method: 'POST' as const, url, payload: { email: `r@${adatum.primaryDomain}`, roles: ['reader'] } },
      { method: 'PATCH' as const, url: `${url}/${asAdatum.user.id}`, payload: { roles: ['reader'] } },
      { method: 'DELETE' as const, url: `${url}/${asAdatum.user.id}` },
    ]) {
      const res = await app.inject({ ...request, headers: asAdatumReader.headers });
      expect(res.statusCode, request.method).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('another organisation gets 404 on every route for an operator, and nothing changes', async () => {
    const email = `target@${adatum.primaryDomain}`;
    const pending = (await add(asAdatum.headers, { email, roles: ['reader'] })).json<Operator>();
    for (const id of [pending.id, asAdatumReader.user.id]) {
      for (const request of [
        { method: 'GET' as const, url: `${url}/${id}` },
        { method: 'PATCH' as const, url: `${url}/${id}`, payload: { roles: ['admin'] } },
        { method: 'DELETE' as const, url: `${url}/${id}` },
        { method: 'POST' as const, url: `${url}/${id}/resend` },
      ]) {
        await expectCrossTenantNotFound(app, request, asLitware.headers, snapshot);
      }
    }
    const theirs = await list(asLitware.headers, 'size=500');
    expect(theirs.items.every((o) => o.email.endsWith(litware.primaryDomain))).toBe(true);
  });
});

// Concurrency needs two connections: PostgreSQL only (PGlite has one and runs the two requests one after the other).
if (testDatabaseKind === 'postgres') {
  describe('/api/v1/operators on PostgreSQL', () => {
    test('two Admins taking the Admin role from each other at the same moment: one wins, one Admin remains', async () => {
      const org = await createOrganization(database, 'partner');
      const a = await signedInOrganization(app, database, org);
      const b = await signedInOrganization(app, database, org);
      const [first, second] = await Promise.all([
        app.inject({ method: 'PATCH', url: `${url}/${b.user.id}`, headers: a.headers, payload: { roles: ['reader'] } }),
        app.inject({ method: 'PATCH', url: `${url}/${a.user.id}`, headers: b.headers, payload: { roles: ['reader'] } }),
      ]);
      // One wins. The other is refused: 409 last_admin when both were authorised before either committed (the lock
      // on the Admins serialises them), or 403 when it was authenticated after the first had already demoted it.
      const refused = [first, second].filter((r) => r.statusCode !== 200);
      expect(refused, `${first.statusCode} ${second.statusCode}`).toHaveLength(1);
      const code = refused[0]?.json<{ code: string }>().code;
      expect(['last_admin', 'forbidden']).toContain(code);
      const admins = await unsafeSystemTransaction(database.db, (tx) =>
        tx
          .select({ id: users.id })
          .from(users)
          .where(sql`${users.organizationId} = ${org.id} AND 'admin' = ANY(${users.roles})`),
      );
      expect(admins).toHaveLength(1);
    });
  });
}
