import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { buildTestApp, TEST_ORIGIN, type AuthHeaders } from '../../../test/helper.ts';
import { startOidcProvider } from '../../../test/oidc-provider.ts';
import { createOrganization, signedInOrganization, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import { identityProviders } from './tables.ts';

const REDIRECT_URI = `${TEST_ORIGIN}/api/v1/auth/sso/callback`;
// Saving fetches the provider's discovery document: a real provider on loopback serves the generic issuer and the
// Entra-like tenants.
const idp = await startOidcProvider({ redirectUris: [REDIRECT_URI] });
afterAll(() => idp.stop());
const ENTRA = {
  ENTRA_CLIENT_ID: 'relais-app',
  ENTRA_CLIENT_SECRET: 'entra-secret',
  ENTRA_AUTHORITY: idp.authority,
};
const t = await buildTestApp({ config: ENTRA });
const { app, database } = t;

const put = (headers: AuthHeaders, payload: object) =>
  app.inject({ method: 'PUT', url: '/api/v1/organization/sso', headers, payload });
const get = (headers: AuthHeaders) => app.inject({ method: 'GET', url: '/api/v1/organization/sso', headers });
const remove = (headers: AuthHeaders) => app.inject({ method: 'DELETE', url: '/api/v1/organization/sso', headers });

const providerRow = (organizationId: string) => () =>
  unsafeSystemTransaction(database.db, (tx) =>
    tx.select().from(identityProviders).where(eq(identityProviders.organizationId, organizationId)),
  );
const organizationRow = async (id: string) =>
  (
    await unsafeSystemTransaction(database.db, (tx) => tx.select().from(organizations).where(eq(organizations.id, id)))
  )[0];
const eventsOf = (organizationId: string, action: string) =>
  unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.organizationId, organizationId), eq(events.action, action))),
  );

const oidc = (overrides: object = {}) => ({
  kind: 'oidc',
  issuer: idp.issuer,
  clientId: 'relais',
  clientSecret: 'the-client-secret',
  required: false,
  ...overrides,
});

describe('/api/v1/organization/sso', () => {
  test('401 without credentials, 403 for a Reader, 400 for malformed settings, and nothing stored', async () => {
    const org = await createOrganization(database, 'partner');
    const reader = await signedInOrganization(app, database, org, ['reader']);
    const admin = await signedInOrganization(app, database, org);
    expect((await get({})).statusCode).toBe(401);
    expect((await put({ origin: TEST_ORIGIN }, oidc())).statusCode).toBe(401);
    expect((await remove({ origin: TEST_ORIGIN })).statusCode).toBe(401);
    expect((await put(reader.headers, oidc())).statusCode).toBe(403);
    expect((await get(reader.headers)).statusCode).toBe(403);
    expect((await remove(reader.headers)).statusCode).toBe(403);

    for (const payload of [
      {},
      { kind: 'saml', issuer: 'https://idp.example.com', clientId: 'x', clientSecret: 'y', required: false },
      { kind: 'entra', directoryTenantId: 'not-a-uuid', required: false },
      { kind: 'entra', directoryTenantId: randomUUID() },
      oidc({ clientId: '' }),
      oidc({ extra: true }),
    ]) {
      const res = await put(admin.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    for (const issuer of ['http://idp.example.com', 'ftp://idp.example.com', 'not a url', 'http://10.0.0.1/x']) {
      const res = await put(admin.headers, oidc({ issuer }));
      expect(res.statusCode, issuer).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body/issuer' }] });
    }
    const noSecret = await put(admin.headers, oidc({ clientSecret: undefined }));
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json()).toMatchObject({ errors: [{ path: 'body/clientSecret' }] });

    expect((await get(admin.headers)).json()).toBeNull();
    expect(await providerRow(org.id)()).toEqual([]);
  });

  test('Entra ID: the tenant is recorded on the organisation, the issuer derived from it, the change audited', async () => {
    const org = await createOrganization(database, 'distributor');
    const admin = await signedInOrganization(app, database, org);
    const tenant = randomUUID();
    const res = await put(admin.headers, { kind: 'entra', directoryTenantId: tenant.toUpperCase(), required: true });
    expect(res.statusCode).toBe(200);
    const expected = {
      kind: 'entra',
      issuer: idp.tenantIssuer(tenant),
      clientId: 'relais-app',
      hasClientSecret: true,
      directoryTenantId: tenant,
      required: true,
      redirectUri: REDIRECT_URI,
    };
    expect(res.json()).toEqual(expected);
    expect((await get(admin.headers)).json()).toEqual(expected);
    expect(JSON.stringify(res.json())).not.toContain('entra-secret');
    expect((await organizationRow(org.id))?.directoryTenantId).toBe(tenant);
    const [event] = await eventsOf(org.id, 'organization.sso_updated');
    expect(event).toMatchObject({
      actorUserId: admin.user.id,
      targetType: 'organization',
      targetId: org.id,
      changes: { kind: 'entra', directoryTenantId: tenant, required: true, clientSecretChanged: false },
    });
  });

  test("another organisation's directory tenant is a conflict, and Entra ID needs the deployment's app registration", async () => {
    const org = await createOrganization(database, 'partner');
    const other = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const res = await put(admin.headers, {
      kind: 'entra',
      directoryTenantId: other.directoryTenantId,
      required: false,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict' });
    expect(await providerRow(org.id)()).toEqual([]);
    expect((await organizationRow(org.id))?.directoryTenantId).toBe(org.directoryTenantId);

    const bare = await buildTestApp();
    const bareOrg = await createOrganization(bare.database, 'partner');
    const bareAdmin = await signedInOrganization(bare.app, bare.database, bareOrg);
    const refused = await bare.app.inject({
      method: 'PUT',
      url: '/api/v1/organization/sso',
      headers: bareAdmin.headers,
      payload: { kind: 'entra', directoryTenantId: randomUUID(), required: false },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toContain('ENTRA_CLIENT_ID');
  });

  test('another provider: the secret is never returned, kept on update only for the same issuer and client', async () => {
    const org = await createOrganization(database, 'customer');
    const admin = await signedInOrganization(app, database, org);
    const created = await put(admin.headers, oidc());
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({
      kind: 'oidc',
      issuer: idp.issuer,
      clientId: 'relais',
      hasClientSecret: true,
      directoryTenantId: null,
      required: false,
      redirectUri: REDIRECT_URI,
    });
    expect(created.body).not.toContain('the-client-secret');

    const kept = await put(admin.headers, oidc({ clientSecret: undefined, required: true }));
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ hasClientSecret: true, required: true });
    expect((await providerRow(org.id)())[0]?.clientSecret).toBe('the-client-secret');
    expect((await get(admin.headers)).body).not.toContain('the-client-secret');

    // A kept secret must not follow the settings to another server or client.
    for (const change of [{ issuer: 'https://evil.example' }, { clientId: 'other' }]) {
      const res = await put(admin.headers, oidc({ ...change, clientSecret: undefined }));
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json()).toMatchObject({ errors: [{ path: 'body/clientSecret' }] });
    }
    expect((await providerRow(org.id)())[0]).toMatchObject({ issuer: idp.issuer, required: true });

    const changes = (await eventsOf(org.id, 'organization.sso_updated')).map((e) => e.changes);
    expect(changes).toHaveLength(2);
    expect(JSON.stringify(changes)).not.toContain('the-client-secret');
    expect(changes[1]).toMatchObject({ clientSecretChanged: false, required: true });
  });

  test('a new issuer forgets the identities bound to the operators', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    expect((await put(admin.headers, oidc())).statusCode).toBe(200);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx.update(users).set({ ssoIssuer: idp.issuer, ssoSubject: 'subject-1' }).where(eq(users.id, admin.user.id)),
    );
    const bound = async () =>
      (
        await unsafeSystemTransaction(database.db, (tx) =>
          tx.select({ subject: users.ssoSubject }).from(users).where(eq(users.id, admin.user.id)),
        )
      )[0]?.subject;
    expect((await put(admin.headers, oidc({ required: true }))).statusCode).toBe(200);
    expect(await bound()).toBe('subject-1');
    expect((await put(admin.headers, oidc({ issuer: idp.tenantIssuer(randomUUID()) }))).statusCode).toBe(200);
    expect(await bound()).toBeNull();
  });

  test("another organisation's Admin reads, changes and removes only its own", async () => {
    const org = await createOrganization(database, 'partner');
    const other = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const outsider = await signedInOrganization(app, database, other);
    expect((await put(admin.headers, oidc({ required: true }))).statusCode).toBe(200);
    const snapshot = async () => ({
      provider: await providerRow(org.id)(),
      organization: await organizationRow(org.id),
    });

    const before = await snapshot();
    expect((await get(outsider.headers)).json()).toBeNull();
    await expectCrossTenantNotFound(
      app,
      { method: 'DELETE', url: '/api/v1/organization/sso', headers: {} },
      outsider.headers,
      snapshot,
    );
    const own = await put(outsider.headers, { kind: 'entra', directoryTenantId: randomUUID(), required: false });
    expect(own.statusCode).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect((await get(admin.headers)).json()).toMatchObject({ kind: 'oidc', required: true });
    expect((await providerRow(other.id)())[0]).toMatchObject({ kind: 'entra' });
  });

  test('removing: 204, passwords work again, the change audited; 404 when there is nothing to remove', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    expect((await put(admin.headers, oidc({ required: true }))).statusCode).toBe(200);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN },
      payload: { email: admin.user.email, password: TEST_PASSWORD },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'sso_required' });

    expect((await remove(admin.headers)).statusCode).toBe(204);
    expect((await get(admin.headers)).json()).toBeNull();
    await signIn(app, admin.user);
    expect(await eventsOf(org.id, 'organization.sso_removed')).toMatchObject([{ changes: { kind: 'oidc' } }]);
    const again = await remove(admin.headers);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'not_found' });
  });
});

/**
 * A misbehaving provider on loopback: serves, at `<origin>/idp/.well-known/openid-configuration`, the discovery
 * document the test sets (null: 404).
 */
const documents = { current: null as ((issuer: string) => object) | null };
const documentServer = http.createServer((req, res) => {
  const issuer = `http://127.0.0.1:${String((documentServer.address() as AddressInfo).port)}/idp`;
  const body = req.url === '/idp/.well-known/openid-configuration' ? documents.current?.(issuer) : undefined;
  if (!body) res.writeHead(404).end();
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise<void>((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => documentServer.close(() => resolve())));
const ownIssuer = `http://127.0.0.1:${String((documentServer.address() as AddressInfo).port)}/idp`;
const validDocument = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  userinfo_endpoint: `${issuer}/me`,
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
});

describe('PUT /api/v1/organization/sso: the discovery document is fetched and checked before saving', () => {
  /** Refused at save with this code, on this field, and nothing saved or recorded. */
  async function expectRefused(
    target: { app: typeof app; database: typeof database; headers: AuthHeaders; organizationId: string },
    payload: object,
    code: string,
    path = 'body/issuer',
  ) {
    const res = await target.app.inject({
      method: 'PUT',
      url: '/api/v1/organization/sso',
      headers: target.headers,
      payload,
    });
    expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 422, code, errors: [{ path }] });
    const rows = await unsafeSystemTransaction(target.database.db, (tx) =>
      tx.select().from(identityProviders).where(eq(identityProviders.organizationId, target.organizationId)),
    );
    expect(rows).toEqual([]);
    return res.json<{ detail: string }>();
  }

  test('an issuer on a loopback, private, link-local, unique-local or metadata address: 422, and nothing sent', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const target = { app, database, headers: admin.headers, organizationId: org.id };
    const requests = [vi.spyOn(http, 'request'), vi.spyOn(https, 'request')];
    try {
      for (const issuer of [
        'https://0.0.0.0/',
        'https://0.0.0.0:8443/realms/x',
        'https://10.0.0.1/',
        'https://172.16.0.1/',
        'https://192.168.1.1/',
        'https://169.254.169.254/latest/meta-data',
        'https://100.64.0.1/',
        'https://[fd00::1]/',
        'https://[fe80::1]/',
        'https://[::ffff:127.0.0.1]/',
        'https://[::ffff:a9fe:a9fe]/',
        'https://metadata.google.internal/computeMetadata/v1',
        'https://metadata/',
      ]) {
        const problem = await expectRefused(target, oidc({ issuer }), 'sso_address_refused');
        expect(problem.detail, issuer).toMatch(/is an address Relais does not contact/);
      }
      for (const spy of requests) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of requests) spy.mockRestore();
    }
    expect(await eventsOf(org.id, 'organization.sso_updated')).toEqual([]);
  });

  test('without SSO_ALLOW_LOOPBACK, a provider on this machine is refused unasked, and so is an Entra authority on a metadata address', async () => {
    const strict = await buildTestApp({
      config: { ...ENTRA, SSO_ALLOW_LOOPBACK: 'off', ENTRA_AUTHORITY: 'https://169.254.169.254' },
    });
    const org = await createOrganization(strict.database, 'partner');
    const admin = await signedInOrganization(strict.app, strict.database, org);
    const target = { app: strict.app, database: strict.database, headers: admin.headers, organizationId: org.id };
    const before = idp.requests();
    for (const issuer of [idp.issuer, idp.issuer.replace('127.0.0.1', '[::1]'), 'https://2130706433/oidc']) {
      await expectRefused(target, oidc({ issuer }), 'sso_address_refused');
    }
    expect(idp.requests()).toBe(before);
    await expectRefused(
      target,
      { kind: 'entra', directoryTenantId: randomUUID(), required: false },
      'sso_address_refused',
      'body/directoryTenantId',
    );
  });

  test('a valid provider: its document is stored, to be fetched again in a day', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const before = idp.requests();
    expect((await put(admin.headers, oidc())).statusCode).toBe(200);
    expect(idp.requests()).toBe(before + 1);
    const [row] = await providerRow(org.id)();
    expect(row).toMatchObject({
      discoveryIssuer: idp.issuer,
      discoveredAt: t.now(),
      discoveryDueAt: new Date(t.now().getTime() + 24 * 3600_000),
      discoveryError: null,
      discovery: {
        issuer: idp.issuer,
        authorization_endpoint: `${idp.issuer}/auth`,
        token_endpoint: `${idp.issuer}/token`,
        jwks_uri: `${idp.issuer}/jwks`,
      },
    });
  });

  test('an endpoint that is not an https: URL, or on a refused address: 422, nothing saved', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const target = { app, database, headers: admin.headers, organizationId: org.id };
    const payload = oidc({ issuer: ownIssuer });
    try {
      for (const [field, value] of [
        ['authorization_endpoint', 'javascript:alert(document.cookie)'],
        ['authorization_endpoint', 'data:text/html,<script>alert(1)</script>'],
        ['token_endpoint', 'javascript:alert(1)'],
        ['jwks_uri', 'file:///etc/passwd'],
        ['end_session_endpoint', 'javascript:alert(1)'],
        ['userinfo_endpoint', 'http://idp.example/me'],
        ['authorization_endpoint', 42],
      ] as const) {
        documents.current = (issuer) => ({ ...validDocument(issuer), [field]: value });
        const problem = await expectRefused(target, payload, 'sso_discovery_failed');
        expect(problem.detail).toContain(field);
      }
      for (const field of ['token_endpoint', 'jwks_uri', 'userinfo_endpoint']) {
        documents.current = (issuer) => ({ ...validDocument(issuer), [field]: 'https://169.254.169.254/x' });
        const problem = await expectRefused(target, payload, 'sso_address_refused');
        expect(problem.detail).toMatch(/^169\.254\.169\.254 is an address/);
      }
      documents.current = (issuer) => ({ ...validDocument(issuer), jwks_uri: undefined });
      await expectRefused(target, payload, 'sso_discovery_failed');

      // The same server with a valid document is accepted: the refusals above were the endpoints'.
      documents.current = validDocument;
      expect((await put(admin.headers, payload)).statusCode).toBe(200);
    } finally {
      documents.current = null;
    }
  });

  test('an unreachable provider, no document, or a document for another issuer: 422 sso_discovery_failed', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    const target = { app, database, headers: admin.headers, organizationId: org.id };
    // Port 1 on loopback: nothing listens.
    await expectRefused(target, oidc({ issuer: 'http://127.0.0.1:1/oidc' }), 'sso_discovery_failed');
    // A name that does not resolve (the tests' resolver knows only localhost: no name server is asked).
    const unknown = await expectRefused(
      target,
      oidc({ issuer: 'https://idp.nowhere.example/' }),
      'sso_discovery_failed',
    );
    expect(unknown.detail).toContain('ENOTFOUND');
    documents.current = null;
    await expectRefused(target, oidc({ issuer: ownIssuer }), 'sso_discovery_failed');
    documents.current = () => validDocument('https://elsewhere.example/idp');
    try {
      const problem = await expectRefused(target, oidc({ issuer: ownIssuer }), 'sso_discovery_failed');
      expect(problem.detail).toContain(ownIssuer);
    } finally {
      documents.current = null;
    }
    const french = await app.inject({
      method: 'PUT',
      url: '/api/v1/organization/sso',
      headers: { ...admin.headers, 'accept-language': 'fr' },
      payload: oidc({ issuer: 'https://10.0.0.1/' }),
    });
    expect(french.json<{ detail: string }>().detail).toMatch(/^10\.0\.0\.1 est une adresse que Relais ne contacte pas/);
  });
});
