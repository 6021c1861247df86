import { describe, expect, test } from 'vitest';
import { devMailboxAccess, loadConfig } from '../../config.ts';
import { buildTestApp } from '../../../test/helper.ts';
import { createPartner, signedInOrganization } from '../../../test/factories.ts';
import { isLoopbackAddress } from './routes.ts';

const t = await buildTestApp();
const { partner: adatum } = await createPartner(t.database);
const admin = await signedInOrganization(t.app, t.database, adatum);
const invitee = `new-admin-${Date.now()}@${adatum.primaryDomain}`;
const invited = await t.app.inject({
  method: 'POST',
  url: '/api/v1/operators',
  headers: admin.headers,
  payload: { email: invitee, roles: ['admin'] },
});
if (invited.statusCode !== 201) throw new Error(`invitation failed: ${invited.body}`);
await t.drain(); // the delivery task keeps the message: no SMTP_URL

const read = (app: typeof t.app, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'GET',
    url: `/api/v1/dev/mailbox?recipient=${encodeURIComponent(invitee)}`,
    remoteAddress,
    headers,
  });

describe('GET /api/v1/dev/mailbox (issue 11 §2)', () => {
  test('serves the kept invitation to a client on this machine', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await read(t.app, address);
      expect(res.statusCode, address).toBe(200);
      expect(res.json<{ items: { recipient: string; text: string }[] }>().items[0]?.recipient).toBe(invitee);
    }
  });

  test('answers 404 to a client from the network, whatever it claims in X-Forwarded-For', async () => {
    for (const address of ['192.0.2.10', '10.0.0.7', '2001:db8::1', '::ffff:192.0.2.10']) {
      const res = await read(t.app, address, { 'x-forwarded-for': '127.0.0.1' });
      expect(res.statusCode, address).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain(invitee);
    }
  });

  test('DEV_MAILBOX=network opens it to the network, explicitly', async () => {
    const open = await buildTestApp({ config: { DEV_MAILBOX: 'network' } });
    expect((await read(open.app, '192.0.2.10')).statusCode).toBe(200);
    const closed = await buildTestApp({ config: { DEV_MAILBOX: 'off' } });
    expect((await read(closed.app, '127.0.0.1')).statusCode).toBe(404);
  });

  test('loopback addresses are recognised and nothing else is', () => {
    for (const ip of ['127.0.0.1', '127.10.0.2', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(ip), ip).toBe(true);
    }
    for (const ip of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1', 'fe80::1', '128.0.0.1', 'x']) {
      expect(isLoopbackAddress(ip), ip).toBe(false);
    }
  });

  test('the default: loopback in embedded mode, off with PostgreSQL or SMTP, network only when asked', () => {
    const embedded = { DATA_DIR: '/tmp/relais-mailbox-config' };
    const production = { DATABASE_URL: 'postgres://localhost/relais', SESSION_SECRET: 'x'.repeat(32) };
    expect(devMailboxAccess(loadConfig(embedded))).toBe('loopback');
    expect(devMailboxAccess(loadConfig({ ...embedded, DEV_MAILBOX: 'network' }))).toBe('network');
    expect(devMailboxAccess(loadConfig({ ...embedded, SMTP_URL: 'smtp://mail', DEV_MAILBOX: 'network' }))).toBe('off');
    expect(devMailboxAccess(loadConfig(production))).toBe('off');
    expect(devMailboxAccess(loadConfig({ ...production, DEV_MAILBOX: 'on' }))).toBe('loopback');
  });
});
