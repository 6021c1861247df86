import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, devMailboxEnabled, loadConfig, trustProxyOption } from './config.ts';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'relais-config-'));

  test('defaults: port 3000, ./data, PUBLIC_URL from the port, info logs', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ PORT: 3000, PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'info' });
    expect(loadConfig({}).DATA_DIR).toBe('./data');
  });

  test('embedded mode generates the session secret once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8')).toBe(first.SESSION_SECRET);
    expect(loadConfig({ DATA_DIR: dir }).SESSION_SECRET).toBe(first.SESSION_SECRET);
  });

  test('DATABASE_URL requires SESSION_SECRET', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/relais' })).toThrow(/SESSION_SECRET/);
    const ok = loadConfig({ DATABASE_URL: 'postgres://localhost/relais', SESSION_SECRET: 'x'.repeat(32) });
    expect(ok.DATABASE_URL).toBe('postgres://localhost/relais');
  });

  test.each([
    ['PORT', '70000'],
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://localhost/relais'],
    ['SMTP_URL', 'http://mail'],
    ['LOG_LEVEL', 'loud'],
    ['DEV_MAILBOX', 'yes'],
    ['SESSION_SECRET', 'short'],
    ['PUBLIC_URL', 'localhost:3000'],
    ['ENTRA_AUTHORITY', 'login.microsoftonline.com'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1, proxy.internal'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['MAIL_LIMIT_PER_RECIPIENT', 'many'],
  ])('%s=%s is refused with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${name}`),
    );
  });

  test('Entra ID: the public authority by default, no trailing slash, and a client id needs its secret', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).ENTRA_AUTHORITY).toBe('https://login.microsoftonline.com');
    expect(loadConfig({ DATA_DIR: dataDir(), ENTRA_AUTHORITY: 'http://127.0.0.1:4000/' }).ENTRA_AUTHORITY).toBe(
      'http://127.0.0.1:4000',
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), ENTRA_CLIENT_ID: 'app' })).toThrow(/ENTRA_CLIENT_SECRET/);
    const entra = loadConfig({ DATA_DIR: dataDir(), ENTRA_CLIENT_ID: 'app', ENTRA_CLIENT_SECRET: 'secret' });
    expect(entra).toMatchObject({ ENTRA_CLIENT_ID: 'app', ENTRA_CLIENT_SECRET: 'secret' });
  });

  test('TRUST_PROXY: no proxy is believed unless named; true, a hop count, or addresses and ranges', () => {
    const option = (TRUST_PROXY?: string) => trustProxyOption(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY }));
    expect(option()).toBe(false);
    expect(option('true')).toBe(true);
    expect(option('127.0.0.1, 10.0.0.0/8,fd00::/8 ,loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ]);
    const hops = option('2');
    expect(typeof hops === 'function' && [0, 1, 2].map((hop) => hops('192.0.2.1', hop))).toEqual([true, true, false]);
  });

  test('SSO_ALLOWED_HOSTS is checked entry by entry; SSO_ALLOW_LOOPBACK is refused with DATABASE_URL', () => {
    const hosts = 'sso.corp.example, *.idp.corp.example, 10.20.0.0/16, fd00::1';
    expect(loadConfig({ DATA_DIR: dataDir(), SSO_ALLOWED_HOSTS: hosts }).SSO_ALLOWED_HOSTS).toBe(hosts);
    for (const bad of ['sso.corp.example, 10.0.0.0/40', 'https://sso.corp.example', 'a b']) {
      expect(() => loadConfig({ DATA_DIR: dataDir(), SSO_ALLOWED_HOSTS: bad }), bad).toThrow(
        /^Invalid configuration: SSO_ALLOWED_HOSTS /,
      );
    }
    expect(loadConfig({ DATA_DIR: dataDir() }).SSO_ALLOW_LOOPBACK).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dataDir(), SSO_ALLOW_LOOPBACK: 'on' }).SSO_ALLOW_LOOPBACK).toBe('on');
    const production = { DATABASE_URL: 'postgres://localhost/relais', SESSION_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...production, SSO_ALLOW_LOOPBACK: 'on' })).toThrow(/SSO_ALLOW_LOOPBACK/);
    expect(loadConfig({ ...production, SSO_ALLOWED_HOSTS: '127.0.0.1' }).SSO_ALLOWED_HOSTS).toBe('127.0.0.1');
  });

  test('the development mailbox is on only in embedded mode without SMTP, unless set explicitly', () => {
    const secret = 'x'.repeat(32);
    expect(devMailboxEnabled(loadConfig({ DATA_DIR: dataDir() }))).toBe(true);
    expect(devMailboxEnabled(loadConfig({ DATA_DIR: dataDir(), SMTP_URL: 'smtp://mail' }))).toBe(false);
    const production = { DATABASE_URL: 'postgres://localhost/relais', SESSION_SECRET: secret };
    expect(devMailboxEnabled(loadConfig(production))).toBe(false);
    expect(devMailboxEnabled(loadConfig({ ...production, DEV_MAILBOX: 'on' }))).toBe(true);
    expect(devMailboxEnabled(loadConfig({ DATA_DIR: dataDir(), DEV_MAILBOX: 'off' }))).toBe(false);
  });
});
