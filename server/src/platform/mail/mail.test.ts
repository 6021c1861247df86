import net from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { buildTestApp } from '../../../test/helper.ts';
import { createPartner, signedInOrganization } from '../../../test/factories.ts';
import { activationLinkRow, linkBody, sendActivationLink } from '../../../test/factories-onboarding.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { retryDelaySeconds } from './delivery-task.ts';
import { queueMail } from './outbox.ts';
import type { MailMessage } from './schemas.ts';
import { mailOutbox } from './tables.ts';
import { mailTexts, renderMail, SUBJECT_MAX } from './templates.ts';

/** A loopback SMTP server that keeps what it receives; it refuses recipients while `refusing` is set. */
async function startSmtpSink() {
  const sink = { port: 0, refusing: false, received: [] as { to: string; data: string }[] };
  const server = net.createServer((socket) => {
    let buffer = '';
    let to = '';
    let data: string | null = null;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            sink.received.push({ to, data });
            data = null;
            socket.write('250 queued\r\n');
          } else data += `${line}\r\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
        else if (verb === 'RCPT') {
          to = /<(.*)>/.exec(line)?.[1] ?? '';
          socket.write(sink.refusing ? '550 mailbox unavailable\r\n' : '250 ok\r\n');
        } else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.address() as net.AddressInfo).port;
  return { sink, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const t = await buildTestApp();
const { sink, close } = await startSmtpSink();
const withSmtp = await buildTestApp({ config: { SMTP_URL: `smtp://127.0.0.1:${sink.port}` } });
afterAll(close);

const params = {
  senderName: 'Contoso <Distribution>',
  organizationName: 'Fabrikam & Co',
  url: 'https://relais.example/activate/abc?x=1&y=2',
  expiresAt: new Date('2030-01-15T12:00:00Z'),
};

function queue(database: DatabaseHandle, now: Date, recipient: string, fail = false) {
  return unsafeSystemTransaction(
    database.db,
    async (tx) => {
      await queueMail(tx, { sender: null, recipient, language: 'en', template: 'activation_customer', params });
      if (fail) throw new Error('the change failed');
    },
    now,
  );
}

const rowsTo = (database: DatabaseHandle, recipient: string) =>
  unsafeSystemTransaction(database.db, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient)));

async function mailbox(query: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/dev/mailbox?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ totalCount: number; items: MailMessage[]; links: { self: string; next?: string } }>();
}

describe('templates', () => {
  test('every template exists in French and English with the same placeholders', () => {
    for (const template of Object.keys(mailTexts.en) as (keyof typeof mailTexts.en)[]) {
      const placeholders = (locale: 'fr' | 'en') =>
        [...JSON.stringify(mailTexts[locale][template]).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders('fr'), template).toEqual(placeholders('en'));
    }
  });

  test('text keeps the values as they are; HTML escapes them; dates follow the language', () => {
    const en = renderMail('activation_customer', 'en', params);
    expect(en.subject).toBe('Contoso <Distribution> invites Fabrikam & Co to Relais');
    expect(en.text).toContain('expires on 15 January 2030');
    expect(en.text).toContain(`Activate your account: ${params.url}`);
    expect(en.html).toContain('Contoso &lt;Distribution&gt; invites you');
    expect(en.html).toContain('href="https://relais.example/activate/abc?x=1&amp;y=2"');
    expect(en.html).not.toMatch(/<Distribution>|& Co/);
    const fr = renderMail('activation_customer', 'fr', params);
    expect(fr.text).toContain('expire le 15 janvier 2030');
    expect(fr.html).toContain('<html lang="fr">');
  });

  test('a name chosen by someone else cannot add lines or reorder the Subject, and is bounded in it', () => {
    const crafted = {
      ...params,
      senderName: 'Contoso\r\nBcc: everyone@example.com',
      organizationName: `Fabrikam\u0000\u202e moc.live \u2028${'x'.repeat(300)}`,
    };
    for (const language of ['en', 'fr'] as const) {
      const mail = renderMail('activation_customer', language, crafted);
      expect(mail.subject).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
      expect(mail.subject).toContain('Contoso Bcc: everyone@example.com');
      expect([...mail.subject].length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(mail.subject).toContain(`Fabrikam moc.live ${'x'.repeat(50)}`);
      expect(mail.subject).toContain('…');
      expect(mail.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
      for (const unprintable of ['\u0000', '\u202e', '\u2028']) expect(mail.text).not.toContain(unprintable);
    }
  });
});

describe('queueMail', () => {
  test('writes in the caller transaction: a rolled-back change sends nothing', async () => {
    await expect(queue(t.database, t.now(), 'rollback@example.com', true)).rejects.toThrow('the change failed');
    expect(await rowsTo(t.database, 'rollback@example.com')).toEqual([]);
    await queue(t.database, t.now(), 'Commit@Example.com');
    expect(await rowsTo(t.database, 'commit@example.com')).toMatchObject([
      { template: 'activation_customer', language: 'en', sentAt: null, attempts: 0 },
    ]);
  });
});

describe('GET /api/v1/dev/mailbox (no SMTP)', () => {
  test('shows kept messages once the worker delivered them, newest first, filtered by recipient', async () => {
    const start = t.now();
    try {
      for (let i = 0; i < 3; i++) {
        t.setNow(new Date(start.getTime() + i * 1000));
        await queue(t.database, t.now(), i === 1 ? 'other@example.com' : 'dev@example.com');
      }
      expect((await mailbox('recipient=dev@example.com')).totalCount).toBe(0);
      await t.drain();
    } finally {
      t.setNow(start);
    }
    const mine = await mailbox('recipient=DEV@example.com');
    expect(mine.totalCount).toBe(2);
    expect(mine.items.map((m) => m.recipient)).toEqual(['dev@example.com', 'dev@example.com']);
    expect(Date.parse(mine.items[0]?.createdAt ?? '')).toBeGreaterThan(Date.parse(mine.items[1]?.createdAt ?? ''));
    expect(mine.items[0]).toMatchObject({ subject: expect.stringContaining('Fabrikam & Co') as string });
    const [row] = await rowsTo(t.database, 'dev@example.com');
    expect(row?.sentAt).not.toBeNull();

    const all = await mailbox('size=2');
    expect(all.items).toHaveLength(2);
    expect(all.links.next).toBeDefined();
    const rest = await t.app.inject({ method: 'GET', url: all.links.next ?? '' });
    expect(rest.json<{ items: MailMessage[] }>().items.length).toBeGreaterThanOrEqual(1);
  });

  test('400 for a bad size or cursor', async () => {
    for (const query of ['size=0', 'cursor=zzz', `cursor=${Buffer.from('[1,2]').toString('base64url')}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/dev/mailbox?${query}` });
      expect(res.statusCode, query).toBe(400);
    }
  });
});

describe('delivery through SMTP', () => {
  test('sends due messages, then the development mailbox does not exist', async () => {
    await queue(withSmtp.database, withSmtp.now(), 'smtp@example.com');
    await withSmtp.drain();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.to).toBe('smtp@example.com');
    expect(sink.received[0]?.data).toMatch(/^Subject: .*invites/m);
    expect(sink.received[0]?.data).toMatch(/^From: Relais <no-reply@localhost>/m);
    expect((await rowsTo(withSmtp.database, 'smtp@example.com'))[0]).toMatchObject({ attempts: 1, lastError: null });
    expect((await rowsTo(withSmtp.database, 'smtp@example.com'))[0]?.sentAt).not.toBeNull();

    const res = await withSmtp.app.inject({ method: 'GET', url: '/api/v1/dev/mailbox' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'route_not_found' });
  });

  test('a refused message is retried later with a growing delay, then sent', async () => {
    const start = withSmtp.now();
    sink.refusing = true;
    try {
      await queue(withSmtp.database, start, 'retry@example.com');
      await withSmtp.drain();
      const [failed] = await rowsTo(withSmtp.database, 'retry@example.com');
      expect(failed).toMatchObject({ attempts: 1, sentAt: null });
      expect(failed?.lastError).toMatch(/550|mailbox unavailable/);
      expect(failed?.nextAttemptAt.getTime()).toBe(start.getTime() + 60_000);
      // Not due yet: nothing happens.
      await withSmtp.drain();
      expect((await rowsTo(withSmtp.database, 'retry@example.com'))[0]?.attempts).toBe(1);

      withSmtp.setNow(new Date(start.getTime() + 60_000));
      await withSmtp.drain();
      const [again] = await rowsTo(withSmtp.database, 'retry@example.com');
      expect(again).toMatchObject({ attempts: 2, sentAt: null });
      expect(again?.nextAttemptAt.getTime()).toBe(start.getTime() + 60_000 + 120_000);

      sink.refusing = false;
      withSmtp.setNow(new Date(start.getTime() + 180_000));
      await withSmtp.drain();
      const [sent] = await rowsTo(withSmtp.database, 'retry@example.com');
      expect(sent).toMatchObject({ attempts: 3, lastError: null });
      expect(sent?.sentAt).not.toBeNull();
      expect(sink.received.filter((m) => m.to === 'retry@example.com')).toHaveLength(1);
    } finally {
      sink.refusing = false;
      withSmtp.setNow(start);
    }
  });

  test('backoff doubles up to six hours and gives up after twelve attempts', () => {
    expect([1, 2, 3, 11].map(retryDelaySeconds)).toEqual([60, 120, 240, 6 * 3600]);
    expect(retryDelaySeconds(12)).toBeNull();
  });
});

const limited = await buildTestApp({ config: { MAIL_LIMIT_PER_ORGANIZATION: 4, MAIL_LIMIT_PER_RECIPIENT: 3 } });

describe('limits on mail to addresses a sender chooses', () => {
  const HOUR = 3_600_000;
  const mailsTo = async (recipient: string) => (await rowsTo(limited.database, recipient)).length;
  const post = (url: string, headers: Record<string, string>, payload?: object) =>
    limited.app.inject({ method: 'POST', url, headers: { ...headers, 'accept-language': 'fr' }, payload });
  const expectRateLimited = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) => {
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'rate_limited', title: 'Trop de requêtes' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  };

  test('a link resent again and again reaches its recipient at most so many times a day; nothing half-done', async () => {
    const { partner } = await createPartner(limited.database);
    const sender = await signedInOrganization(limited.app, limited.database, partner);
    const link = await sendActivationLink(limited.app, sender.headers);
    const recipient = String(link.recipientEmail);
    expect((await post(`/api/v1/activationlinks/${link.id}/resend`, sender.headers)).statusCode).toBe(200);
    expect((await post(`/api/v1/activationlinks/${link.id}/resend`, sender.headers)).statusCode).toBe(200);
    for (let i = 0; i < 7; i++)
      expectRateLimited(await post(`/api/v1/activationlinks/${link.id}/resend`, sender.headers));
    expect(await mailsTo(recipient)).toBe(3);
    const row = await activationLinkRow(limited.database, link.id);
    expect(row?.sendCount).toBe(3); // the refused resends changed nothing
    // Nor can another organisation flood the same address.
    const { partner: other } = await createPartner(limited.database);
    const otherSender = await signedInOrganization(limited.app, limited.database, other);
    expectRateLimited(
      await post('/api/v1/activationlinks', otherSender.headers, linkBody({ recipientEmail: recipient })),
    );
    limited.setNow(new Date(limited.now().getTime() + 24 * HOUR));
    const nextDay = await signedInOrganization(limited.app, limited.database, partner); // the session went idle
    expect((await post(`/api/v1/activationlinks/${link.id}/resend`, nextDay.headers)).statusCode).toBe(200);
  });

  test('an organisation sends at most so many per hour, invitations of operators included; others are not held', async () => {
    const { partner } = await createPartner(limited.database);
    const sender = await signedInOrganization(limited.app, limited.database, partner);
    for (let i = 0; i < 3; i++) await sendActivationLink(limited.app, sender.headers);
    const invited = await post('/api/v1/operators', sender.headers, {
      email: `new-operator@${partner.primaryDomain}`,
      roles: ['reader'],
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const refused = await post('/api/v1/activationlinks', sender.headers, linkBody());
    expectRateLimited(refused);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expectRateLimited(await post(`/api/v1/operators/${invited.json<{ id: string }>().id}/resend`, sender.headers));
    const { partner: other } = await createPartner(limited.database);
    const otherSender = await signedInOrganization(limited.app, limited.database, other);
    await sendActivationLink(limited.app, otherSender.headers);
    limited.setNow(new Date(limited.now().getTime() + HOUR));
    await sendActivationLink(limited.app, sender.headers);
  });
});
