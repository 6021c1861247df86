import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { makeActor, type Actor } from '../../core/tenancy/actor.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import type { OrganizationRow, TestUser } from '../../../test/factories.ts';
import {
  createCustomer,
  createOrganization,
  createPartner,
  createUser,
  signIn,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { openEventStream, until } from '../../../test/factories-onboarding.ts';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { EVENT_ACTIONS, type EventAction } from './catalogue.ts';
import type { DomainEvent } from './hub.ts';
import { recordEvent, type EventInput } from './record.ts';

const t = await buildTestApp();
const { app, database } = t;

// The demo's shape: Northwind (vendor) → Contoso (distributor) → Adatum (partner) → Fourth Coffee (customer);
// Litware is a partner of another distributor, with a customer of its own.
const northwind = await createOrganization(database, 'vendor');
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const fourthCoffee = await createCustomer(database, adatum);
await createCustomer(database, litware);

const personas = {
  N: { organization: northwind, roles: ['admin'] },
  C: { organization: contoso, roles: ['admin'] },
  A: { organization: adatum, roles: ['admin'] },
  R: { organization: adatum, roles: ['reader'] },
  L: { organization: litware, roles: ['admin'] },
  F: { organization: fourthCoffee, roles: ['admin'] },
} satisfies Record<string, { organization: OrganizationRow; roles: RoleName[] }>;
type Persona = keyof typeof personas;
const PERSONAS = Object.keys(personas) as Persona[];

const users = {} as Record<Persona, TestUser>;
for (const p of PERSONAS) users[p] = await createUser(database, personas[p].organization, personas[p].roles);

/** `full`: the event as the audit log has it; `notice`: action and organisation only; `-`: nothing. */
type Receipt = 'full' | 'notice' | '-';

/**
 * Who receives each event the code records, with the organisation it concerns and whose person caused it as the code
 * records them. A/R are Adatum's Admin and Reader (who may not read the audit log).
 */
// prettier-ignore
const table: { action: EventAction; concerns: Persona; by: Persona | null; receipts: Record<Persona, Receipt> }[] = [
  ...(['auth.signed_in', 'auth.signed_out', 'token.created', 'token.revoked', 'user.preferences_updated',
    'organization.sso_updated', 'organization.sso_removed', 'operator.invited', 'operator.invitation_resent',
    'operator.invitation_revoked', 'operator.activated', 'operator.roles_changed', 'operator.removed',
    'activationlink.created', 'activationlink.resent', 'activationlink.revoked'] as const).map((action) => ({
    action, concerns: 'A' as const, by: 'A' as const,
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: '-' } as const,
  })),
  { action: 'auth.sign_in_failed', concerns: 'A', by: null,
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: '-' } },
  { action: 'operator.imported', concerns: 'A', by: null,
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: '-' } },
  { action: 'customer.onboarded', concerns: 'F', by: null,
    receipts: { N: 'notice', C: 'notice', A: 'notice', R: 'notice', L: '-', F: 'full' } },
  { action: 'partner.onboarded', concerns: 'A', by: null,
    receipts: { N: 'notice', C: 'notice', A: 'full', R: 'notice', L: '-', F: '-' } },
  { action: 'relationship.requested', concerns: 'F', by: 'A',
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: 'full' } },
  { action: 'relationship.declined', concerns: 'A', by: 'F',
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: 'full' } },
  { action: 'relationship.approved', concerns: 'F', by: 'F',
    receipts: { N: 'notice', C: 'notice', A: 'notice', R: 'notice', L: '-', F: 'full' } },
  { action: 'relationship.terminated', concerns: 'F', by: 'A',
    receipts: { N: 'notice', C: 'notice', A: 'full', R: 'notice', L: '-', F: 'full' } },
  { action: 'relationship.expiring', concerns: 'F', by: null,
    receipts: { N: 'notice', C: 'notice', A: 'notice', R: 'notice', L: '-', F: 'full' } },
  { action: 'relationship.expired', concerns: 'A', by: null,
    receipts: { N: 'notice', C: 'notice', A: 'full', R: 'notice', L: '-', F: '-' } },
  ...(['subscription.created', 'subscription.updated', 'subscription.expiring'] as const).map((action) => ({
    action, concerns: 'F' as const, by: 'N' as const,
    receipts: { N: 'full', C: 'notice', A: 'notice', R: 'notice', L: '-', F: 'full' } as const,
  })),
  ...(['servicerequest.created', 'servicerequest.updated'] as const).map((action) => ({
    action, concerns: 'F' as const, by: 'A' as const,
    receipts: { N: 'notice', C: 'notice', A: 'full', R: 'notice', L: '-', F: 'full' } as const,
  })),
  { action: 'incident.affecting', concerns: 'F', by: 'N',
    receipts: { N: 'full', C: '-', A: '-', R: '-', L: '-', F: 'full' } },
  // A publication's target here is no item, so it reaches nobody beyond the publisher; the organisations a real item
  // reaches hear of it in features/notifications/notifications.test.ts.
  ...(['notification.published', 'notification.withdrawn'] as const).map((action) => ({
    action, concerns: 'N' as const, by: 'N' as const,
    receipts: { N: 'full', C: '-', A: '-', R: '-', L: '-', F: '-' } as const,
  })),
  ...(['notification.states_changed', 'action.completed'] as const).map((action) => ({
    action, concerns: 'A' as const, by: 'A' as const,
    receipts: { N: '-', C: '-', A: 'full', R: 'notice', L: '-', F: '-' } as const,
  })),
  ...(['incident.created', 'incident.updated', 'product.created', 'sku.created'] as const).map((action) => ({
    action, concerns: 'N' as const, by: 'N' as const,
    receipts: { N: 'full', C: 'notice', A: 'notice', R: 'notice', L: 'notice', F: 'notice' } as const,
  })),
];

function actorOf(p: Persona): Actor {
  const { organization, roles } = personas[p];
  return makeActor({
    userId: users[p].id,
    organizationId: organization.id,
    organizationKind: organization.kind,
    roles,
    language: null,
    via: { kind: 'session', id: randomUUID() },
  });
}

/** Records one event as the code would, in its own transaction, and answers its id. */
function record(action: EventAction, concerns: Persona, by: Persona | null, label: string) {
  const actor = by ? { userId: users[by].id, organizationId: personas[by].organization.id } : null;
  return unsafeSystemTransaction(database.db, (tx) =>
    recordEvent(tx, { actor }, {
      action,
      organizationId: personas[concerns].organization.id,
      target: { type: 'test_target', id: randomUUID(), label },
      changes: { secret: label },
      // Any action with a payload the stream must not leak: not one the code records, hence the cast.
    } as unknown as EventInput),
  );
}

describe('who receives each event on the live stream', () => {
  test('the table covers every action the code can record', () => {
    expect(new Set(table.map((row) => row.action))).toEqual(new Set(EVENT_ACTIONS));
    expect(table).toHaveLength(EVENT_ACTIONS.length);
  });

  test('each persona receives exactly what the table says, and the audit log agrees', async () => {
    const received = {} as Record<Persona, DomainEvent[]>;
    const unsubscribe = PERSONAS.map((p) => {
      received[p] = [];
      return t.events.subscribe(actorOf(p), (event) => received[p].push(event));
    });
    const ids = new Map<string, (typeof table)[number]>();
    for (const row of table) ids.set(await record(row.action, row.concerns, row.by, `label-${row.action}`), row);
    // Every persona receives a notice of a product: once each has it, everything before it was delivered or withheld.
    const sentinel = await record('product.created', 'N', 'N', 'sentinel');
    await until(() => PERSONAS.every((p) => received[p].some((e) => e.id === sentinel)), 'the sentinel everywhere');
    for (const stop of unsubscribe) stop();

    const failures: string[] = [];
    for (const [id, row] of ids) {
      for (const p of PERSONAS) {
        const got = received[p].filter((e) => e.id === id);
        const receipt: Receipt = got.length === 0 ? '-' : got[0]?.target.label ? 'full' : 'notice';
        if (got.length > 1) failures.push(`${row.action} → ${p}: received ${got.length} times`);
        if (receipt !== row.receipts[p]) failures.push(`${row.action} → ${p}: ${receipt}, expected ${row.receipts[p]}`);
        const event = got[0];
        if (receipt === 'full' && event) {
          expect(event.target.label).toBe(`label-${row.action}`);
          expect(event.actorUserId).toBe(row.by ? users[row.by].id : null);
        }
        if (receipt === 'notice' && event) {
          expect(event.actorUserId).toBeNull();
          // Public records keep their target; anything else names only the organisation it concerns.
          if (row.receipts.L !== 'notice') {
            expect(event.target).toEqual({ type: 'organization', id: event.organizationId, label: null });
          }
        }
      }
    }
    expect(failures).toEqual([]);

    // The audit log of every persona who may read it lists exactly the events it received whole.
    for (const p of PERSONAS.filter((persona) => persona !== 'R')) {
      const headers = await signIn(app, users[p], TEST_PASSWORD);
      const res = await app.inject({ method: 'GET', url: '/api/v1/auditlog?size=500', headers });
      expect(res.statusCode, res.body).toBe(200);
      const logged = new Set(
        res
          .json<{ items: { id: string }[] }>()
          .items.map((e) => e.id)
          .filter((id) => ids.has(id)),
      );
      const whole = new Set(received[p].filter((e) => ids.has(e.id) && e.target.label).map((e) => e.id));
      expect(logged, p).toEqual(whole);
    }
  });
});

describe('GET /api/v1/events/stream between organisations (issue 11 §1)', () => {
  test("Contoso and Northwind receive none of Adatum's internal events", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const contosoStream = await openEventStream(app, await signIn(app, users.C));
    const northwindStream = await openEventStream(app, await signIn(app, users.N));
    await until(() => t.events.size === 2, 'both subscriptions');

    // As Adatum: a failed sign-in, a sign-in, a token, an invitation, a profile change.
    const failed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN },
      payload: { email: users.A.email, password: 'not-the-password' },
    });
    expect(failed.statusCode).toBe(401);
    const adatumHeaders = await signIn(app, users.A);
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: adatumHeaders,
      payload: { name: 'adatum-private-token' },
    });
    expect(token.statusCode).toBe(201);
    const invited = await app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: adatumHeaders,
      payload: { email: `invitee-${randomUUID().slice(0, 8)}@${adatum.primaryDomain}`, roles: ['reader'] },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const profile = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: adatumHeaders,
      payload: { language: 'en' },
    });
    expect(profile.statusCode, profile.body).toBe(200);
    const adatumActions = new Set([
      'auth.sign_in_failed',
      'auth.signed_in',
      'token.created',
      'operator.invited',
      'user.preferences_updated',
    ]);

    // Then a public event: once both streams have it, Adatum's earlier events were delivered or withheld.
    const sentinel = await record('incident.created', 'N', 'N', 'sentinel-incident');
    const has = (stream: typeof contosoStream) => stream.events.some((e) => e.id === sentinel);
    await until(() => has(contosoStream) && has(northwindStream), 'the public sentinel');
    for (const stream of [contosoStream, northwindStream]) {
      expect(stream.events.filter((e) => adatumActions.has(e.action))).toEqual([]);
      expect(stream.events.filter((e) => e.organizationId === adatum.id)).toEqual([]);
      stream.close();
    }
  });

  test('a stream ends with the session, the token or the operator behind it', async () => {
    const admin = await createUser(database, adatum, ['admin']);
    const operator = await createUser(database, adatum, ['reader']);
    const adminHeaders = await signIn(app, admin);

    // Signing out ends the stream of that session.
    const operatorHeaders = await signIn(app, operator);
    const own = await openEventStream(app, operatorHeaders);
    await until(() => t.events.size === 1, 'the subscription');
    const signOut = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: operatorHeaders });
    expect(signOut.statusCode).toBe(204);
    await until(() => own.ended, 'the signed-out stream to end');
    expect(t.events.size).toBe(0);

    // A revoked token's stream ends.
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: adminHeaders,
      payload: { name: 'stream-token' },
    });
    const { id: tokenId, token } = created.json<{ id: string; token: string }>();
    const viaToken = await openEventStream(app, { authorization: `Bearer ${token}` });
    await until(() => t.events.size === 1, 'the token subscription');
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${tokenId}`, headers: adminHeaders });
    expect(revoke.statusCode).toBe(204);
    await until(() => viaToken.ended, 'the token stream to end');

    // A removed operator's stream ends.
    const removedStream = await openEventStream(app, await signIn(app, operator));
    await until(() => t.events.size === 1, 'the operator subscription');
    const removal = await app.inject({
      method: 'DELETE',
      url: `/api/v1/operators/${operator.id}`,
      headers: adminHeaders,
    });
    expect(removal.statusCode, removal.body).toBe(204);
    await until(() => removedStream.ended, 'the removed operator stream to end');
    viaToken.close();
  });
});
