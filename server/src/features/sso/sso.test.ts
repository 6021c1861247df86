import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import {
  createOrganization,
  createUser,
  signedInOrganization,
  TEST_PASSWORD,
  userRow,
  type OrganizationRow,
  type TestUser,
} from '../../../test/factories.ts';
import { startOidcProvider, type LoopbackLogin } from '../../../test/oidc-provider.ts';
import { linkToken, linkTokenHash } from '../../platform/auth/link-token.ts';
import { sha256 } from '../../platform/auth/passwords.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import { operatorInvitations } from '../operators/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import { identityProviders, ssoRequests } from './tables.ts';

const CALLBACK = `${TEST_ORIGIN}/api/v1/auth/sso/callback`;
const idp = await startOidcProvider({ redirectUris: [CALLBACK] });
afterAll(() => idp.stop());
const t = await buildTestApp({
  config: {
    ENTRA_CLIENT_ID: idp.client.clientId,
    ENTRA_CLIENT_SECRET: idp.client.clientSecret,
    ENTRA_AUTHORITY: idp.authority,
  },
});
const { app, database, config } = t;

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** An organisation whose Admin set up single sign-on through the API. */
async function ssoOrganization(kind: 'entra' | 'oidc', options: { required?: boolean } = {}) {
  const organization = await createOrganization(database, 'partner');
  const admin = await signedInOrganization(app, database, organization);
  const payload =
    kind === 'entra'
      ? { kind, directoryTenantId: organization.directoryTenantId, required: options.required ?? false }
      : { kind, issuer: idp.issuer, ...idp.client, required: options.required ?? false };
  const res = await app.inject({ method: 'PUT', url: '/api/v1/organization/sso', headers: admin.headers, payload });
  expect(res.statusCode, res.body).toBe(200);
  return { organization, admin };
}

interface Started {
  redirectUrl: string;
  /** The browser's state cookie, as a Cookie header. */
  cookie: string;
}

async function start(payload: object): Promise<Started> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sso/start',
    headers: { origin: TEST_ORIGIN },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  const state = res.cookies.find((c) => c.name === 'relais_sso_state');
  expect(state).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/sso' });
  return {
    redirectUrl: res.json<{ redirectUrl: string }>().redirectUrl,
    cookie: `relais_sso_state=${state?.value ?? ''}`,
  };
}

/** The provider's answer for this start, after signing in there as `login`. */
async function atProvider(started: Started, login: LoopbackLogin): Promise<URL> {
  idp.nextLogin(login);
  return idp.authorize(started.redirectUrl, CALLBACK);
}

const callback = (url: URL, cookie: string | undefined) =>
  app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: cookie ? { cookie } : {} });

async function signInThroughSso(payload: object, login: LoopbackLogin) {
  const started = await start(payload);
  return callback(await atProvider(started, login), started.cookie);
}

/** Signed in: back to the app's home with a session cookie that works on /me. */
async function expectSignedIn(res: LightMyRequestResponse, user: { id: string; email: string }) {
  expect(res.statusCode, res.body).toBe(302);
  expect(res.headers.location).toBe('/');
  const session = res.cookies.find((c) => c.name === 'relais_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  const me = await app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { cookie: `relais_session=${session?.value ?? ''}` },
  });
  expect(me.statusCode).toBe(200);
  expect(me.json()).toMatchObject({ user: { id: user.id, email: user.email } });
}

/** Refused: back to the sign-in page with the code, no session. */
function expectRefused(res: LightMyRequestResponse, code = 'sso_failed') {
  expect(res.statusCode, res.body).toBe(302);
  expect(res.headers.location).toBe(`/sign-in?sso=${code}`);
  expect(res.cookies.filter((c) => c.name === 'relais_session')).toEqual([]);
}

const identityOf = async (userId: string) => {
  const row = await userRow(database, userId);
  return { issuer: row?.ssoIssuer ?? null, subject: row?.ssoSubject ?? null, status: row?.status };
};
const eventsOf = (organizationId: string, action: string) =>
  unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.organizationId, organizationId), eq(events.action, action))),
  );

/** Why the organisation's latest single sign-on was refused, as its audit log says. */
async function lastRefusal(organizationId: string): Promise<string> {
  const rows = await unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select({ changes: events.changes })
      .from(events)
      .where(and(eq(events.organizationId, organizationId), eq(events.action, 'auth.sign_in_failed')))
      .orderBy(asc(events.id)),
  );
  const reason = rows.at(-1)?.changes?.reason;
  return typeof reason === 'string' ? reason : '';
}

/** A pending operator with an open invitation, inserted directly (the operators feature sends real ones). */
async function pendingOperator(organization: OrganizationRow, options: { expired?: boolean } = {}) {
  const invitationId = randomUUID();
  const email = `invited-${randomUUID().slice(0, 8)}@${organization.primaryDomain}`;
  const userId = await unsafeSystemTransaction(database.db, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ organizationId: organization.id, email, displayName: '', roles: ['reader'], status: 'pending' })
      .returning({ id: users.id });
    if (!user) throw new Error('user insert failed');
    await tx.insert(operatorInvitations).values({
      id: invitationId,
      userId: user.id,
      organizationId: organization.id,
      language: 'en',
      tokenHash: linkTokenHash(config.SESSION_SECRET, invitationId, 1),
      expiresAt: new Date(t.now().getTime() + (options.expired ? -1 : 7) * 86_400_000),
    });
    return user.id;
  });
  return { id: userId, email, invitationId, token: linkToken(config.SESSION_SECRET, invitationId, 1) };
}

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('POST /api/v1/auth/sso/start', () => {
  test('400 for a malformed body, 409 where single sign-on is not set up, 404/410 for a bad invitation', async () => {
    const post = (payload: object, headers: Record<string, string> = { origin: TEST_ORIGIN }) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/sso/start', headers, payload });
    for (const payload of [{}, { email: 'no-at-sign' }, { email: 'a@b.example', invitation: 'x' }]) {
      expect((await post(payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    const plain = await createOrganization(database, 'partner');
    const unavailable = await post({ email: `someone@${plain.primaryDomain}` });
    expect(unavailable.statusCode).toBe(409);
    expect(unavailable.json()).toMatchObject({ code: 'sso_unavailable' });
    expect((await post({ email: 'someone@nowhere.example' })).json()).toMatchObject({ code: 'sso_unavailable' });

    expect((await post({ invitation: 'garbage' })).statusCode).toBe(404);
    expect((await post({ invitation: `${randomUUID()}.${'a'.repeat(43)}` })).statusCode).toBe(404);
    const { organization } = await ssoOrganization('oidc');
    const expired = await pendingOperator(organization, { expired: true });
    expect((await post({ invitation: expired.token })).json()).toMatchObject({ status: 410, code: 'link_expired' });

    const foreign = await post({ email: `someone@${organization.primaryDomain}` }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'csrf_rejected' });
  });

  test("Entra ID: the tenant's authorization endpoint, with PKCE (S256), state, nonce and the address as a hint", async () => {
    const { organization } = await ssoOrganization('entra');
    const user = await createUser(database, organization, ['reader']);
    const { redirectUrl } = await start({ email: user.email.toUpperCase() });
    const url = new URL(redirectUrl);
    expect(url.href.startsWith(`${idp.tenantIssuer(organization.directoryTenantId ?? '')}/`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: idp.client.clientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      code_challenge_method: 'S256',
      login_hint: user.email,
      scope: 'openid email profile',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(name)).toMatch(/^[\w-]{43}$/);
    // Only the state's hash is kept.
    const state = url.searchParams.get('state') ?? '';
    const rows = await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .select()
        .from(ssoRequests)
        .where(eq(ssoRequests.stateHash, sha256(state))),
    );
    expect(rows).toMatchObject([{ organizationId: organization.id, invitationId: null }]);
  });

  test('an address of a sub-domain finds its organisation', async () => {
    const { organization } = await ssoOrganization('oidc');
    const { redirectUrl } = await start({ email: `someone@paris.${organization.primaryDomain}` });
    expect(redirectUrl.startsWith(`${idp.issuer}/`)).toBe(true);
  });
});

describe('GET /api/v1/auth/sso/callback', () => {
  test('Entra ID: an operator signs in end to end; the identity is bound and the sign-in audited', async () => {
    const { organization } = await ssoOrganization('entra');
    const user = await createUser(database, organization, ['reader']);
    const res = await signInThroughSso({ email: user.email }, { email: user.email });
    await expectSignedIn(res, user);
    const identity = await identityOf(user.id);
    expect(identity.issuer).toBe(idp.tenantIssuer(organization.directoryTenantId ?? ''));
    expect(identity.subject).toMatch(/^sub-/);
    expect((await userRow(database, user.id))?.lastSignInAt).toBeInstanceOf(Date);
    const signedIn = await eventsOf(organization.id, 'auth.signed_in');
    expect(signedIn.map((e) => e.changes)).toContainEqual(expect.objectContaining({ via: 'sso' }));

    // The same person again: the bound identity matches.
    await expectSignedIn(await signInThroughSso({ email: user.email }, { email: user.email }), user);
  });

  test('another OpenID Connect provider: an operator signs in end to end', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization, ['admin']);
    await expectSignedIn(await signInThroughSso({ email: user.email }, { email: user.email.toUpperCase() }), user);
    expect((await identityOf(user.id)).issuer).toBe(idp.issuer);
  });

  test("a token whose tid is another tenant's is refused, and the refusal is audited", async () => {
    const { organization } = await ssoOrganization('entra');
    const user = await createUser(database, organization);
    const res = await signInThroughSso({ email: user.email }, { email: user.email, claims: { tid: randomUUID() } });
    expectRefused(res);
    expect(await identityOf(user.id)).toMatchObject({ issuer: null, subject: null });
    const [failed] = await eventsOf(organization.id, 'auth.sign_in_failed');
    expect(failed?.changes).toMatchObject({ via: 'sso' });
    expect(await lastRefusal(organization.id)).toMatch(/^token of directory tenant/);
  });

  test('a token for another audience (client id) is refused', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    const started = await start({ email: user.email });
    const back = await atProvider(started, { email: user.email });
    idp.tamperNextIdToken({ aud: 'another-application' });
    expectRefused(await callback(back, started.cookie));
    expect(await lastRefusal(organization.id)).toMatch(/"aud"/);
    expect(await identityOf(user.id)).toMatchObject({ subject: null });
  });

  test('a replayed state is refused, and so is an unknown one', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    const started = await start({ email: user.email });
    const back = await atProvider(started, { email: user.email });
    await expectSignedIn(await callback(back, started.cookie), user);
    const requests = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(ssoRequests).where(eq(ssoRequests.organizationId, organization.id)),
    );
    expect(requests).toEqual([]);
    expectRefused(await callback(back, started.cookie));
    expect(await eventsOf(organization.id, 'auth.signed_in')).toHaveLength(2); // the Admin's password, then once

    const state = 'x'.repeat(43);
    const forged = new URL(`${CALLBACK}?code=abc&state=${state}`);
    expectRefused(await callback(forged, `relais_sso_state=${app.signCookie(state)}`));
    expectRefused(await callback(new URL(`${CALLBACK}?error=access_denied`), started.cookie));
  });

  test('a wrong nonce is refused', async () => {
    const { organization } = await ssoOrganization('entra');
    const user = await createUser(database, organization);
    const started = await start({ email: user.email });
    const state = new URL(started.redirectUrl).searchParams.get('state') ?? '';
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(ssoRequests)
        .set({ nonce: 'n'.repeat(43) })
        .where(eq(ssoRequests.stateHash, sha256(state))),
    );
    expectRefused(await callback(await atProvider(started, { email: user.email }), started.cookie));
    expect(await lastRefusal(organization.id)).toMatch(/"nonce"/);
  });

  test('a callback in another browser (without the state cookie) is refused and leaves the request to its browser', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    const started = await start({ email: user.email });
    const back = await atProvider(started, { email: user.email });
    expectRefused(await callback(back, undefined));
    expectRefused(await callback(back, `relais_sso_state=${app.signCookie('y'.repeat(43))}`));
    await expectSignedIn(await callback(back, started.cookie), user);
  });

  test('an authorization request older than 10 minutes is refused', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    const started = await start({ email: user.email });
    const back = await atProvider(started, { email: user.email });
    const now = t.now();
    t.setNow(new Date(now.getTime() + 10 * 60_000 + 1000));
    try {
      expectRefused(await callback(back, started.cookie));
      expect(await lastRefusal(organization.id)).toMatch(/expired/);
    } finally {
      t.setNow(now);
    }
  });

  test('the e-mail of an operator of another organisation is refused: never matched by e-mail alone', async () => {
    const home = await createOrganization(database, 'partner');
    const victim = await createUser(database, home);
    const { organization } = await ssoOrganization('oidc');
    const insider = await createUser(database, organization);
    expectRefused(await signInThroughSso({ email: insider.email }, { email: victim.email }));
    expect(await identityOf(victim.id)).toMatchObject({ subject: null });
    expect(await lastRefusal(organization.id)).toMatch(/^no operator/);
  });

  test("an operator of organisation A presenting a valid login from organisation B's tenant is refused", async () => {
    const a = await ssoOrganization('entra');
    const b = await ssoOrganization('entra');
    const userA: TestUser = await createUser(database, a.organization);
    const userB = await createUser(database, b.organization);

    // B's tenant vouches for A's address: through B's own sign-in, the address is not one of B's operators.
    const startedB = await start({ email: userB.email });
    const fromB = await atProvider(startedB, { email: userA.email });
    expect(fromB.searchParams.get('iss')).toBe(idp.tenantIssuer(b.organization.directoryTenantId ?? ''));

    expectRefused(await callback(fromB, startedB.cookie));
    expect(await lastRefusal(b.organization.id)).toMatch(/no operator/);

    // Nor can B's answer be carried into a sign-in started for A (mix-up: another issuer, another tenant's code), with
    // or without the issuer parameter.
    for (const withIss of [true, false]) {
      const startedA = await start({ email: userA.email });
      const mixed = new URL(fromB);
      mixed.searchParams.set('state', new URL(startedA.redirectUrl).searchParams.get('state') ?? '');
      if (!withIss) mixed.searchParams.delete('iss');
      expectRefused(await callback(mixed, startedA.cookie));
      expect(await lastRefusal(a.organization.id)).toMatch(/^the provider's answer was refused/);
    }
    expect(await identityOf(userA.id)).toMatchObject({ issuer: null, subject: null });
  });

  test('an operator bound to one identity is refused with another subject of the same provider', async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    await expectSignedIn(await signInThroughSso({ email: user.email }, { email: user.email }), user);
    const bound = await identityOf(user.id);
    expectRefused(await signInThroughSso({ email: user.email }, { email: user.email, sub: 'another-person' }));
    expect(await lastRefusal(organization.id)).toMatch(/bound to another identity/);
    expect(await identityOf(user.id)).toEqual(bound);
  });

  test('a disabled operator and an unverified address are refused', async () => {
    const { organization } = await ssoOrganization('oidc');
    const disabled = await createUser(database, organization);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(users).set({ status: 'disabled' }).where(eq(users.id, disabled.id)),
    );
    expectRefused(await signInThroughSso({ email: disabled.email }, { email: disabled.email }));
    expect(await lastRefusal(organization.id)).toMatch(/disabled/);
    const unverified = await createUser(database, organization);
    expectRefused(
      await signInThroughSso(
        { email: unverified.email },
        { email: unverified.email, claims: { email_verified: false } },
      ),
    );
    expect(await lastRefusal(organization.id)).toMatch(/not verified/);
  });

  test('with single sign-on required, password sign-in is 403 sso_required; a wrong password is still 401', async () => {
    const { organization } = await ssoOrganization('entra', { required: true });
    const user = await createUser(database, organization, ['reader']);
    const password = (pw: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { origin: TEST_ORIGIN },
        payload: { email: user.email, password: pw },
      });
    const refused = await password(TEST_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'sso_required' });
    expect(refused.cookies.filter((c) => c.name === 'relais_session')).toEqual([]);
    expect((await password('wrong-password')).json()).toMatchObject({ code: 'invalid_credentials' });
    await expectSignedIn(await signInThroughSso({ email: user.email }, { email: user.email }), user);
  });

  test('a pending operator signing in through single sign-on accepts the invitation and becomes active', async () => {
    const { organization } = await ssoOrganization('entra', { required: true });
    const invited = await pendingOperator(organization);
    const res = await signInThroughSso(
      { invitation: invited.token },
      { email: invited.email, claims: { name: 'Ada Lovelace' } },
    );
    await expectSignedIn(res, invited);
    const row = await userRow(database, invited.id);
    expect(row).toMatchObject({ status: 'active', displayName: 'Ada Lovelace' });
    const [invitation] = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(operatorInvitations).where(eq(operatorInvitations.id, invited.invitationId)),
    );
    expect(invitation?.acceptedAt).toBeInstanceOf(Date);
    expect(await eventsOf(organization.id, 'operator.activated')).toMatchObject([
      { targetId: invited.id, actorUserId: invited.id, changes: { via: 'sso' } },
    ]);
    const used = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/start',
      headers: { origin: TEST_ORIGIN },
      payload: { invitation: invited.token },
    });
    expect(used.json()).toMatchObject({ status: 410, code: 'link_used' });
  });

  test('a pending operator signing in by e-mail is activated too; an invitation must end as the invited operator', async () => {
    const { organization } = await ssoOrganization('oidc');
    const byEmail = await pendingOperator(organization);
    await expectSignedIn(await signInThroughSso({ email: byEmail.email }, { email: byEmail.email }), byEmail);
    expect((await identityOf(byEmail.id)).status).toBe('active');

    const invited = await pendingOperator(organization);
    const colleague = await createUser(database, organization);
    expectRefused(await signInThroughSso({ invitation: invited.token }, { email: colleague.email }));
    expect(await lastRefusal(organization.id)).toMatch(/not as the invited operator/);
    expect((await identityOf(invited.id)).status).toBe('pending');
    expect((await identityOf(colleague.id)).subject).toBeNull();
  });
});

describe('the discovery document: fetched at save, refreshed in the background, never by a sign-in start', () => {
  const providerOf = async (organizationId: string) =>
    (
      await unsafeSystemTransaction(database.db, (tx) =>
        tx.select().from(identityProviders).where(eq(identityProviders.organizationId, organizationId)),
      )
    )[0];
  const setProvider = (organizationId: string, values: Partial<typeof identityProviders.$inferInsert>) =>
    unsafeSystemTransaction(database.db, (tx) =>
      tx.update(identityProviders).set(values).where(eq(identityProviders.organizationId, organizationId)),
    );

  test('an anonymous start sends nothing to the provider; the sign-in it leads to still completes', async () => {
    for (const kind of ['entra', 'oidc'] as const) {
      // A new Entra tenant is an issuer nobody has asked for yet.
      const { organization } = await ssoOrganization(kind);
      const user = await createUser(database, organization);
      const before = idp.requests();
      const started = [];
      for (let i = 0; i < 3; i++) started.push(await start({ email: user.email }));
      expect(idp.requests(), kind).toBe(before);
      const [first] = started;
      if (!first) throw new Error('no start');
      await expectSignedIn(await callback(await atProvider(first, { email: user.email }), first.cookie), user);
    }
  });

  test('settings without a stored document (saved before migration 0008): the start refuses unasked, the task fetches it', async () => {
    const { organization } = await ssoOrganization('entra');
    const user = await createUser(database, organization);
    await setProvider(organization.id, {
      discovery: null,
      discoveryIssuer: null,
      discoveredAt: null,
      discoveryDueAt: t.now(),
    });
    const before = idp.requests();
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/start',
      headers: { origin: TEST_ORIGIN },
      payload: { email: user.email },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'sso_failed' });
    expect(idp.requests()).toBe(before);

    await t.drain();
    expect(idp.requests()).toBeGreaterThan(before);
    expect(await providerOf(organization.id)).toMatchObject({
      discoveryIssuer: idp.tenantIssuer(organization.directoryTenantId ?? ''),
      discoveredAt: t.now(),
      discoveryError: null,
    });
    await expectSignedIn(await signInThroughSso({ email: user.email }, { email: user.email }), user);
  });

  test('the task fetches a document again once a day, not before', async () => {
    const { organization } = await ssoOrganization('oidc');
    const saved = await providerOf(organization.id);
    // A stale copy, to see it replaced by the provider's own.
    await setProvider(organization.id, {
      discovery: { ...saved?.discovery, issuer: idp.issuer, authorization_endpoint: `${idp.issuer}/stale` },
    });
    const now = t.now();
    try {
      t.setNow(new Date(now.getTime() + 23 * 3600_000));
      const before = idp.requests();
      await t.drain();
      expect(idp.requests()).toBe(before);
      expect((await providerOf(organization.id))?.discovery?.authorization_endpoint).toBe(`${idp.issuer}/stale`);

      const later = new Date(now.getTime() + 24 * 3600_000 + 1000);
      t.setNow(later);
      await t.drain();
      expect(idp.requests()).toBeGreaterThan(before);
      expect(await providerOf(organization.id)).toMatchObject({
        discovery: { authorization_endpoint: `${idp.issuer}/auth` },
        discoveredAt: later,
        discoveryDueAt: new Date(later.getTime() + 24 * 3600_000),
      });
    } finally {
      t.setNow(now);
    }
  });

  test('a refresh that fails keeps the document, so sign-ins go on, and is tried again an hour later', async () => {
    const other = await startOidcProvider({ redirectUris: [CALLBACK] });
    let stopped = false;
    try {
      const organization = await createOrganization(database, 'partner');
      const admin = await signedInOrganization(app, database, organization);
      const payload = { kind: 'oidc', issuer: other.issuer, ...other.client, required: false };
      const res = await app.inject({ method: 'PUT', url: '/api/v1/organization/sso', headers: admin.headers, payload });
      expect(res.statusCode, res.body).toBe(200);
      const document = (await providerOf(organization.id))?.discovery;
      await other.stop();
      stopped = true;

      const now = t.now();
      const later = new Date(now.getTime() + 25 * 3600_000);
      t.setNow(later);
      try {
        await t.drain();
        const row = await providerOf(organization.id);
        expect(row).toMatchObject({
          discovery: document,
          discoveredAt: now,
          discoveryDueAt: new Date(later.getTime() + 3600_000),
        });
        expect(row?.discoveryError).toMatch(/discovery/);
        const user = await createUser(database, organization);
        const started = await start({ email: user.email });
        expect(started.redirectUrl.startsWith(`${other.issuer}/`)).toBe(true);
      } finally {
        t.setNow(now);
      }
    } finally {
      if (!stopped) await other.stop();
    }
  });

  test("the callback's requests go through the guard: a token endpoint on a metadata address is refused unsent", async () => {
    const { organization } = await ssoOrganization('oidc');
    const user = await createUser(database, organization);
    const saved = await providerOf(organization.id);
    const started = await start({ email: user.email });
    const back = await atProvider(started, { email: user.email });
    await setProvider(organization.id, {
      discovery: { ...saved?.discovery, issuer: idp.issuer, token_endpoint: 'https://169.254.169.254/token' },
    });
    const before = idp.requests();
    expectRefused(await callback(back, started.cookie));
    expect(idp.requests()).toBe(before);
    expect(await lastRefusal(organization.id)).toMatch(/169\.254\.169\.254/);
  });
});
