import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp, TEST_ORIGIN } from '../../../test/helper.ts';
import { createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { createSku } from '../../../test/factories-catalogue.ts';
import {
  activation,
  activationLinkRow,
  eventsAbout,
  mailbox,
  onboardingBody,
  openEventStream,
  sendActivationLink,
  tokenOf,
  until,
} from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import type { Me } from '../me/schemas.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { subscriptions } from '../subscriptions/tables.ts';
import type { ActivationLink } from './schemas.ts';

const DAY = 86_400_000;
const t = await buildTestApp();
const { app, database } = t;

const { distributor: contoso, partner: adatum } = await createPartner(database);
const { sku } = await createSku(database);
const asAdatum = await signedInOrganization(app, database, adatum);
const asContoso = await signedInOrganization(app, database, contoso);

const organizationCount = () =>
  unsafeSystemTransaction(
    database.db,
    async (tx) => (await tx.select({ id: organizations.id }).from(organizations)).length,
  );

async function linkAsListed(headers: Record<string, string>, id: string) {
  const res = await app.inject({ method: 'GET', url: '/api/v1/activationlinks?size=500', headers });
  return res.json<{ items: ActivationLink[] }>().items.find((l) => l.id === id);
}

describe('onboarding through an activation link', () => {
  test('send → mail in French → invitation → onboarding → visible to the sender → link used → reuse is 410', async () => {
    const link = await sendActivationLink(app, asAdatum.headers, {
      language: 'fr',
      organizationName: 'Café <Lumière>',
      skus: [{ skuId: sku.id, quantity: 25 }],
    });
    expect(link).toMatchObject({ kind: 'customer', status: 'pending', sendCount: 1, usedOrganization: null });
    expect(link.url).toMatch(new RegExp(`^${TEST_ORIGIN}/activate/${link.id}\\.[\\w-]{43}$`));
    expect(link.skus).toEqual([{ skuId: sku.id, name: sku.name, quantity: 25 }]);

    // The mail goes out through the worker, in the link's language, with the address escaped in HTML.
    expect(await mailbox(app, link.recipientEmail)).toEqual([]);
    await t.drain();
    const [mail, ...more] = await mailbox(app, link.recipientEmail);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe(`${adatum.name} invite Café <Lumière> sur Relais`);
    expect(mail?.text).toContain(`Activer votre compte : ${link.url}`);
    expect(mail?.html).toContain('Café &lt;Lumière&gt;');
    expect(mail?.html).toContain(`href="${link.url}"`);

    const token = tokenOf(link.url);
    const invitation = await activation(app, token);
    expect(invitation.statusCode).toBe(200);
    expect(invitation.json()).toEqual({
      kind: 'customer',
      organizationName: 'Café <Lumière>',
      recipientEmail: link.recipientEmail,
      language: 'fr',
      sender: { name: adatum.name, kind: 'partner' },
      skus: [{ name: sku.name, quantity: 25 }],
      expiresAt: link.expiresAt,
    });

    const body = onboardingBody({ organizationName: 'Café Lumière SAS' });
    const res = await activation(app, token, body);
    expect(res.statusCode, res.body).toBe(201);
    const me = res.json<Me>();
    expect(me).toMatchObject({
      user: { email: link.recipientEmail, displayName: body.admin.displayName, language: 'fr' },
      organization: { kind: 'customer', name: 'Café Lumière SAS', primaryDomain: body.primaryDomain },
      roles: ['admin'],
    });
    expect(me.pages).toContain('organization');

    // Signed in: the session cookie works like the one sign-in sets.
    const cookie = res.cookies.find((c) => c.name === 'relais_session');
    expect(cookie?.httpOnly).toBe(true);
    const again = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `relais_session=${cookie?.value ?? ''}` },
    });
    expect(again.json()).toMatchObject({ user: { id: me.user.id } });
    // And the password works for later sign-ins.
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: TEST_ORIGIN },
      payload: { email: link.recipientEmail, password: body.admin.password },
    });
    expect(signIn.statusCode).toBe(200);

    // The sender (and its distributor) now see the customer, through an active delegated-admin relationship.
    const customerId = me.organization.id;
    const seen = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${customerId}`,
      headers: asAdatum.headers,
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      kind: 'customer',
      verifiedDomains: [body.primaryDomain],
      address: { line1: body.address.line1, city: 'Paris', postalCode: '75002', country: 'FR' },
      language: 'fr',
      relationship: { kind: 'delegated_admin', status: 'active' },
    });
    const byDistributor = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${customerId}`,
      headers: asContoso.headers,
    });
    expect(byDistributor.statusCode).toBe(200);

    // The link's SKUs became subscriptions billed by the partner's distributor, the partner as reseller.
    const subs = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(subscriptions).where(eq(subscriptions.customerId, customerId)),
    );
    expect(subs).toMatchObject([
      {
        skuId: sku.id,
        quantity: 25,
        termMonths: 12,
        autoRenew: true,
        status: 'active',
        billingProviderId: contoso.id,
        resellerId: adatum.id,
      },
    ]);

    expect(await linkAsListed(asAdatum.headers, link.id)).toMatchObject({
      status: 'used',
      url: null,
      usedOrganization: { id: customerId, name: 'Café Lumière SAS' },
    });
    expect(await eventsAbout(database, customerId, 'customer.onboarded')).toMatchObject([
      { organizationId: customerId, changes: { activationLinkId: link.id, senderOrganizationId: adatum.id } },
    ]);

    for (const reuse of [await activation(app, token), await activation(app, token, onboardingBody())]) {
      expect(reuse.statusCode).toBe(410);
      expect(reuse.json()).toMatchObject({ code: 'link_used' });
    }
  });

  test("the sender's live stream receives the onboarded event of the organisation it now sees", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openEventStream(app, asContoso.headers);
    const partnerStream = await openEventStream(app, asAdatum.headers);
    const outsider = await signedInOrganization(app, database, (await createPartner(database)).partner);
    const outsiderStream = await openEventStream(app, outsider.headers);
    await until(() => t.events.size === 3, 'the three subscriptions');
    const link = await sendActivationLink(app, asContoso.headers, { kind: 'partner', language: 'en' });
    const res = await activation(app, tokenOf(link.url), onboardingBody());
    expect(res.statusCode, res.body).toBe(201);
    const partnerId = res.json<Me>().organization.id;
    await until(
      () => stream.events.some((e) => e.action === 'partner.onboarded'),
      'the partner.onboarded event on the sender stream',
    );
    expect(stream.events.find((e) => e.action === 'partner.onboarded')).toMatchObject({
      organizationId: partnerId,
      target: { id: partnerId },
    });
    // A partner's new customer: its stream (and its distributor's) gets customer.onboarded.
    const customerLink = await sendActivationLink(app, asAdatum.headers);
    const customerId = (await activation(app, tokenOf(customerLink.url), onboardingBody())).json<Me>().organization.id;
    await until(
      () => partnerStream.events.some((e) => e.action === 'customer.onboarded' && e.organizationId === customerId),
      'the customer.onboarded event on the partner stream',
    );
    await until(
      () => stream.events.some((e) => e.action === 'customer.onboarded'),
      'the same on the distributor stream',
    );
    // A later event the outsider may see proves the earlier ones were filtered for it, not merely late.
    await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: outsider.headers, payload: { name: 'x' } });
    await until(() => outsiderStream.events.some((e) => e.action === 'token.created'), "the outsider's own event");
    expect(outsiderStream.events.map((e) => e.action)).not.toContain('partner.onboarded');
    expect(outsiderStream.events.map((e) => e.action)).not.toContain('customer.onboarded');
    for (const s of [stream, partnerStream, outsiderStream]) s.close();

    // A partner onboarded by a distributor resells for it at once.
    const seen = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${partnerId}`,
      headers: asContoso.headers,
    });
    expect(seen.json()).toMatchObject({
      kind: 'partner',
      parent: { id: contoso.id },
      relationship: { kind: 'reseller', status: 'active' },
    });
    // In English, as the link asked.
    await t.drain();
    const [mail] = await mailbox(app, link.recipientEmail);
    expect(mail?.subject).toBe(
      `${contoso.name} invites ${link.organizationName} to join its partner network on Relais`,
    );
  });

  test('an expired link answers 410 link_expired; resending it gives a new address valid 14 more days', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const start = t.now();
    t.setNow(new Date(start.getTime() + 15 * DAY));
    try {
      for (const res of [
        await activation(app, tokenOf(link.url)),
        await activation(app, tokenOf(link.url), onboardingBody()),
      ]) {
        expect(res.statusCode).toBe(410);
        expect(res.json()).toMatchObject({ code: 'link_expired' });
      }
      // Sessions idle for 15 days are over: sign in again.
      const sender = await signedInOrganization(app, database, adatum);
      expect(await linkAsListed(sender.headers, link.id)).toMatchObject({ status: 'expired', url: null });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/activationlinks/${link.id}/resend`,
        headers: sender.headers,
      });
      expect(res.statusCode).toBe(200);
      const resent = res.json<ActivationLink>();
      expect(resent).toMatchObject({ status: 'pending', sendCount: 2 });
      expect(Date.parse(resent.expiresAt)).toBe(t.now().getTime() + 14 * DAY);
      expect((await activation(app, tokenOf(resent.url))).statusCode).toBe(200);
    } finally {
      t.setNow(start);
    }
  });

  test('a revoked link answers 410 link_revoked', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const revoke = await app.inject({
      method: 'POST',
      url: `/api/v1/activationlinks/${link.id}/revoke`,
      headers: asAdatum.headers,
    });
    expect(revoke.json()).toMatchObject({ status: 'revoked', url: null });
    for (const res of [
      await activation(app, tokenOf(link.url)),
      await activation(app, tokenOf(link.url), onboardingBody()),
    ]) {
      expect(res.statusCode).toBe(410);
      expect(res.json()).toMatchObject({ code: 'link_revoked', title: 'Link revoked' });
    }
  });

  test('resending invalidates the old address and mails the new one', async () => {
    const link = await sendActivationLink(app, asAdatum.headers, { language: 'en' });
    const start = t.now();
    t.setNow(new Date(start.getTime() + 60_000));
    try {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/activationlinks/${link.id}/resend`,
        headers: asAdatum.headers,
      });
      const resent = res.json<ActivationLink>();
      expect(resent.url).not.toBe(link.url);
      expect((await activation(app, tokenOf(link.url))).statusCode).toBe(404);
      expect((await activation(app, tokenOf(link.url), onboardingBody())).statusCode).toBe(404);
      expect((await activation(app, tokenOf(resent.url))).statusCode).toBe(200);
      await t.drain();
      const mails = await mailbox(app, link.recipientEmail);
      expect(mails.map((m) => m.text.includes(resent.url ?? '?'))).toEqual([true, false]);
      expect(mails[1]?.text).toContain(link.url);
      // The address shown to the sender is the mailed one, the same on every read.
      expect((await linkAsListed(asAdatum.headers, link.id))?.url).toBe(resent.url);
    } finally {
      t.setNow(start);
    }
  });

  test('400 for an invalid form, 404 for a token that is not one of ours, and nothing is created', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const token = tokenOf(link.url);
    const before = await organizationCount();
    const invalid = [
      onboardingBody({ admin: { displayName: 'Short', password: 'elevenchars' } }),
      onboardingBody({ primaryDomain: 'not a domain' }),
      onboardingBody({ primaryDomain: 'nodot' }),
      onboardingBody({ address: { line1: 'x', city: 'Paris', postalCode: '75002', country: 'France' } }),
      onboardingBody({ address: undefined }),
      onboardingBody({ organizationName: '   ' }),
      { ...onboardingBody(), kind: 'vendor' },
    ];
    for (const payload of invalid) {
      const res = await activation(app, token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const forged = `${link.id}.${'A'.repeat(43)}`;
    for (const garbage of ['garbage', forged, `${crypto.randomUUID()}.${'b'.repeat(43)}`]) {
      expect((await activation(app, garbage)).statusCode, garbage).toBe(404);
      expect((await activation(app, garbage, onboardingBody())).statusCode, garbage).toBe(404);
    }
    expect(await organizationCount()).toBe(before);
    expect((await activationLinkRow(database, link.id))?.status).toBe('pending');
  });

  test('409 when the domain is taken (in any case), and the link stays usable', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const before = await organizationCount();
    const res = await activation(
      app,
      tokenOf(link.url),
      onboardingBody({ primaryDomain: adatum.primaryDomain.toUpperCase() }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict' });
    expect(await organizationCount()).toBe(before);
    expect((await activationLinkRow(database, link.id))?.status).toBe('pending');
    expect((await activation(app, tokenOf(link.url), onboardingBody())).statusCode).toBe(201);
  });

  test('a foreign page cannot submit the form (login CSRF)', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/activation/${tokenOf(link.url)}`,
      headers: { origin: 'https://evil.example' },
      payload: onboardingBody(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_rejected' });
    expect((await activationLinkRow(database, link.id))?.status).toBe('pending');
  });

  test("a distributor's customer link bills the distributor itself, without a reseller", async () => {
    const link = await sendActivationLink(app, asContoso.headers, { skus: [{ skuId: sku.id, quantity: 3 }] });
    const res = await activation(app, tokenOf(link.url), onboardingBody());
    const customerId = res.json<Me>().organization.id;
    const subs = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(subscriptions).where(eq(subscriptions.customerId, customerId)),
    );
    expect(subs).toMatchObject([{ quantity: 3, billingProviderId: contoso.id, resellerId: null }]);
  });

  test('the vendor may onboard a customer too', async () => {
    const vendor = await createOrganization(database, 'vendor');
    const asVendor = await signedInOrganization(app, database, vendor);
    const link = await sendActivationLink(app, asVendor.headers);
    const res = await activation(app, tokenOf(link.url), onboardingBody());
    expect(res.statusCode, res.body).toBe(201);
  });
});
