import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp, TEST_ORIGIN, type AuthHeaders } from '../../../test/helper.ts';
import { createOrganization, signedInOrganization, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import { organizations } from '../organizations/tables.ts';
import { users } from '../users/tables.ts';
import { identityProviders } from './tables.ts';

const ENTRA = {
  ENTRA_CLIENT_ID: 'relais-app',
  ENTRA_CLIENT_SECRET: 'entra-secret',
  ENTRA_AUTHORITY: 'https://login.example',
};
const t = await buildTestApp({ config: ENTRA });
const { app, database } = t;
const REDIRECT_URI = `${TEST_ORIGIN}/api/v1/auth/sso/callback`;

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
  issuer: 'https://idp.example.com/tenant',
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
      issuer: `https://login.example/${tenant}/v2.0`,
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
      issuer: 'https://idp.example.com/tenant',
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
    expect((await providerRow(org.id)())[0]).toMatchObject({
      issuer: 'https://idp.example.com/tenant',
      required: true,
    });

    // Plain http is for providers on this machine only (development, tests).
    for (const issuer of ['http://127.0.0.1:9000/oidc', 'http://localhost:9000', 'http://[::1]:9000']) {
      const res = await put(admin.headers, oidc({ issuer }));
      expect(res.statusCode, issuer).toBe(200);
    }
    const changes = (await eventsOf(org.id, 'organization.sso_updated')).map((e) => e.changes);
    expect(changes).toHaveLength(5);
    expect(JSON.stringify(changes)).not.toContain('the-client-secret');
    expect(changes[1]).toMatchObject({ clientSecretChanged: false, required: true });
  });

  test('a new issuer forgets the identities bound to the operators', async () => {
    const org = await createOrganization(database, 'partner');
    const admin = await signedInOrganization(app, database, org);
    expect((await put(admin.headers, oidc())).statusCode).toBe(200);
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(users)
        .set({ ssoIssuer: 'https://idp.example.com/tenant', ssoSubject: 'subject-1' })
        .where(eq(users.id, admin.user.id)),
    );
    const bound = async () =>
      (
        await unsafeSystemTransaction(database.db, (tx) =>
          tx.select({ subject: users.ssoSubject }).from(users).where(eq(users.id, admin.user.id)),
        )
      )[0]?.subject;
    expect((await put(admin.headers, oidc({ required: true }))).statusCode).toBe(200);
    expect(await bound()).toBe('subject-1');
    expect((await put(admin.headers, oidc({ issuer: 'https://other-idp.example.com' }))).statusCode).toBe(200);
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
