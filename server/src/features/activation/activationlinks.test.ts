import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { createSku } from '../../../test/factories-catalogue.ts';
import { expectCrossTenantNotFound } from '../../../test/cross-tenant.ts';
import { activationLinkRow, eventsAbout, linkBody, sendActivationLink } from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import type { ActivationLink } from './schemas.ts';

const t = await buildTestApp();
const { app, database } = t;

const { distributor: contoso, partner: adatum } = await createPartner(database);
const { partner: litware } = await createPartner(database);
const loner = await createOrganization(database, 'partner'); // no distributor
const customer = await createOrganization(database, 'customer');
const { sku } = await createSku(database);
const asAdatum = await signedInOrganization(app, database, adatum);
const asAdatumReader = await signedInOrganization(app, database, adatum, ['reader']);
const asContoso = await signedInOrganization(app, database, contoso);
const asLitware = await signedInOrganization(app, database, litware);
const asLoner = await signedInOrganization(app, database, loner);
const asCustomer = await signedInOrganization(app, database, customer);

const url = '/api/v1/activationlinks';
const mailsTo = (recipient: string) =>
  unsafeSystemTransaction(database.db, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient)));

interface LinkPage {
  totalCount: number;
  items: ActivationLink[];
  links: { next?: string };
}

async function list(headers: Record<string, string>, query = '') {
  const res = await app.inject({ method: 'GET', url: `${url}?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<LinkPage>();
}

describe('/api/v1/activationlinks', () => {
  test('401 without credentials on every route', async () => {
    const id = crypto.randomUUID();
    for (const [method, path] of [
      ['GET', url],
      ['POST', url],
      ['POST', `${url}/${id}/resend`],
      ['POST', `${url}/${id}/revoke`],
    ] as const) {
      const res = await app.inject({
        method,
        url: path,
        ...(path === url && method === 'POST' ? { payload: linkBody() } : {}),
      });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
    }
  });

  test('400 for invalid input, and nothing is created or mailed', async () => {
    const invalid = [
      linkBody({ kind: 'distributor' }),
      linkBody({ recipientEmail: 'not-an-address' }),
      linkBody({ organizationName: '' }),
      linkBody({ language: 'de' }),
      linkBody({ skus: [{ skuId: crypto.randomUUID(), quantity: 1 }] }),
      linkBody({ skus: [{ skuId: sku.id, quantity: 0 }] }),
      linkBody({
        skus: [
          { skuId: sku.id, quantity: 1 },
          { skuId: sku.id, quantity: 2 },
        ],
      }),
      linkBody({ kind: 'partner', skus: [{ skuId: sku.id, quantity: 1 }] }),
      { ...linkBody(), role: 'admin' },
    ];
    for (const payload of invalid) {
      const res = await app.inject({ method: 'POST', url, headers: asContoso.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
      expect(await mailsTo(String(payload.recipientEmail))).toEqual([]);
    }
    const unknownSku = await app.inject({
      method: 'POST',
      url,
      headers: asContoso.headers,
      payload: linkBody({ skus: [{ skuId: crypto.randomUUID(), quantity: 1 }] }),
    });
    expect(unknownSku.json()).toMatchObject({ errors: [{ path: 'body/skus/0/skuId' }] });
    for (const query of [
      'size=0',
      'size=501',
      'status=lost',
      'cursor=nope',
      `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    ]) {
      const res = await app.inject({ method: 'GET', url: `${url}?${query}`, headers: asContoso.headers });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await list(asContoso.headers)).totalCount).toBe(0);
  });

  test('403: partner links come from distributors only; customers send none; Readers write nothing', async () => {
    const cases = [
      { who: asAdatum, payload: linkBody({ kind: 'partner' }) },
      { who: asCustomer, payload: linkBody() },
      { who: asCustomer, payload: linkBody({ kind: 'partner' }) },
      { who: asAdatumReader, payload: linkBody() },
    ];
    for (const { who, payload } of cases) {
      const res = await app.inject({ method: 'POST', url, headers: who.headers, payload });
      expect(res.statusCode, `${who.organization.kind} ${payload.kind}`).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
      expect(await mailsTo(String(payload.recipientEmail))).toEqual([]);
    }
    const link = await sendActivationLink(app, asAdatum.headers);
    const before = await activationLinkRow(database, link.id);
    for (const action of ['resend', 'revoke']) {
      const res = await app.inject({
        method: 'POST',
        url: `${url}/${link.id}/${action}`,
        headers: asAdatumReader.headers,
      });
      expect(res.statusCode, action).toBe(403);
    }
    expect(await activationLinkRow(database, link.id)).toEqual(before);
    // Readers still read.
    expect((await list(asAdatumReader.headers)).items.map((l) => l.id)).toContain(link.id);
  });

  test('409 for subscriptions when the partner has no distributor to bill them', async () => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: asLoner.headers,
      payload: linkBody({ skus: [{ skuId: sku.id, quantity: 1 }] }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict' });
    // Without subscriptions it may invite.
    await sendActivationLink(app, asLoner.headers);
  });

  test('creates a link: stored hashed, mailed, recorded', async () => {
    const link = await sendActivationLink(app, asContoso.headers, {
      recipientEmail: 'Jane.Doe@Fabrikam.Example',
      skus: [{ skuId: sku.id, quantity: 10 }],
    });
    expect(link).toMatchObject({
      kind: 'customer',
      recipientEmail: 'jane.doe@fabrikam.example',
      language: 'fr',
      status: 'pending',
      sendCount: 1,
      usedAt: null,
      skus: [{ skuId: sku.id, name: sku.name, quantity: 10 }],
    });
    const row = await activationLinkRow(database, link.id);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.url).not.toContain(row?.tokenHash);
    expect(await mailsTo('jane.doe@fabrikam.example')).toMatchObject([
      { template: 'activation_customer', language: 'fr', organizationId: contoso.id },
    ]);
    expect(await eventsAbout(database, link.id)).toMatchObject([
      { action: 'activationlink.created', organizationId: contoso.id },
    ]);
    // The copyable address is stable across reads.
    const listed = (await list(asContoso.headers)).items.find((l) => l.id === link.id);
    expect(listed?.url).toBe(link.url);
  });

  test('resend and revoke: events, states, and 409 once the link is closed', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const resent = await app.inject({ method: 'POST', url: `${url}/${link.id}/resend`, headers: asAdatum.headers });
    expect(resent.json()).toMatchObject({ sendCount: 2, status: 'pending' });
    expect(await mailsTo(link.recipientEmail)).toHaveLength(2);
    const revoked = await app.inject({ method: 'POST', url: `${url}/${link.id}/revoke`, headers: asAdatum.headers });
    expect(revoked.json()).toMatchObject({ status: 'revoked', url: null });
    for (const action of ['resend', 'revoke']) {
      const res = await app.inject({ method: 'POST', url: `${url}/${link.id}/${action}`, headers: asAdatum.headers });
      expect(res.statusCode, action).toBe(409);
    }
    expect(await mailsTo(link.recipientEmail)).toHaveLength(2);
    expect((await eventsAbout(database, link.id)).map((e) => e.action)).toEqual([
      'activationlink.created',
      'activationlink.resent',
      'activationlink.revoked',
    ]);
  });

  test('another organisation gets 404 on resend and revoke, and sees none of the links', async () => {
    const link = await sendActivationLink(app, asAdatum.headers);
    const snapshot = () => activationLinkRow(database, link.id);
    for (const outsider of [asLitware, asContoso, asCustomer]) {
      for (const action of ['resend', 'revoke']) {
        await expectCrossTenantNotFound(
          app,
          { method: 'POST', url: `${url}/${link.id}/${action}` },
          outsider.headers,
          snapshot,
        );
      }
      expect((await list(outsider.headers)).items.map((l) => l.id)).not.toContain(link.id);
    }
    expect(await mailsTo(link.recipientEmail)).toHaveLength(1);
  });

  test('lists newest first, by status, page by page', async () => {
    const start = t.now();
    const sender = await signedInOrganization(app, database, (await createPartner(database, contoso)).partner);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        t.setNow(new Date(start.getTime() + i * 1000));
        ids.push((await sendActivationLink(app, sender.headers)).id);
      }
    } finally {
      t.setNow(start);
    }
    await app.inject({ method: 'POST', url: `${url}/${ids[0] ?? ''}/revoke`, headers: sender.headers });
    const seen: string[] = [];
    let next: string | undefined = `${url}?size=2`;
    while (next) {
      const page: LinkPage = (await app.inject({ method: 'GET', url: next, headers: sender.headers })).json();
      expect(page.totalCount).toBe(5);
      seen.push(...page.items.map((l) => l.id));
      next = page.links.next;
    }
    expect(seen).toEqual([...ids].reverse());
    expect((await list(sender.headers, 'status=revoked')).items.map((l) => l.id)).toEqual([ids[0]]);
    expect((await list(sender.headers, 'status=pending')).totalCount).toBe(4);
    expect((await list(sender.headers, 'status=expired')).totalCount).toBe(0);
  });
});
