import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import {
  createCustomer,
  createOrganization,
  createPartner,
  createUser,
  type OrganizationRow,
} from '../../../test/factories.ts';
import { makeActor, type Actor } from '../../core/tenancy/actor.ts';
import { withActor } from '../../platform/db/scope.ts';
import * as repo from './repository.ts';

// The three reads across organisations that a request makes in the actor's own transaction (migration 0015) answer
// their one question and nothing more: the relationships test proves they answer it, this that they stop there.
const { database } = await buildTestApp();
const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const held = await createCustomer(database, adatum, { status: 'pending' });
const asked = await createCustomer(database, adatum, { status: 'active' });
const stranger = await createOrganization(database, 'customer');
// Every customer has an Admin, so an empty answer below is a refusal, not an organisation without one.
const heldAdmin = await createUser(database, held);
await createUser(database, asked);
await createUser(database, stranger);

/** An actor of the organisation; its user is a Reader, so that it is not among the Admins read below. */
async function actorOf(organization: OrganizationRow): Promise<Actor> {
  const user = await createUser(database, organization, ['reader']);
  return makeActor({
    userId: user.id,
    organizationId: organization.id,
    organizationKind: organization.kind,
    roles: ['admin'],
    language: null,
    via: { kind: 'session', id: 'test' },
  });
}
const asAdatum = await actorOf(adatum);
const asLitware = await actorOf(litware);
const asHeld = await actorOf(held);
const inScope = <T>(actor: Actor, fn: Parameters<typeof withActor<T>>[2]) => withActor(database.db, { actor }, fn);

describe('relationships: what the actor may read across organisations', () => {
  test('a customer by domain, for partners and distributors only, whatever the case of the domain', async () => {
    const found = await inScope(asLitware, (tx) => repo.customerByDomain(tx, stranger.primaryDomain));
    expect(found).toEqual({
      id: stranger.id,
      name: stranger.name,
      primaryDomain: stranger.primaryDomain,
      language: stranger.language,
    });
    expect(
      await inScope(asLitware, (tx) => repo.customerByDomain(tx, stranger.primaryDomain.toUpperCase())),
    ).toMatchObject({ id: stranger.id });
    expect(await inScope(asLitware, (tx) => repo.customerByDomain(tx, adatum.primaryDomain))).toBeUndefined();
    expect(await inScope(asHeld, (tx) => repo.customerByDomain(tx, stranger.primaryDomain))).toBeUndefined();
  });

  test("a customer's Admins, only to the provider with a pending request to it", async () => {
    const admins = (actor: Actor, customerId: string) =>
      inScope(actor, async (tx) => (await repo.requestRecipients(tx, customerId)).map((a) => a.email));
    expect(await admins(asAdatum, held.id)).toEqual([heldAdmin.email]);
    expect(await admins(asAdatum, asked.id)).toEqual([]); // active: nothing more to ask
    expect(await admins(asAdatum, stranger.id)).toEqual([]);
    expect(await admins(asLitware, held.id)).toEqual([]);
    expect(await admins(asHeld, held.id)).toEqual([]);
  });

  test('names of the actor and of the other parties of its relationships, no one else', async () => {
    const everyone = [adatum.id, contoso.id, litware.id, held.id, asked.id, stranger.id];
    const names = (actor: Actor) =>
      inScope(actor, async (tx) => [...(await repo.relationshipParties(tx, everyone)).keys()]);
    expect((await names(asAdatum)).sort()).toEqual([adatum.id, held.id, asked.id].sort());
    expect((await names(asHeld)).sort()).toEqual([held.id, adatum.id].sort());
    expect(await names(asLitware)).toEqual([litware.id]);
  });
});
