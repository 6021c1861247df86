import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { parseAllowList } from './platform/http/outbound.ts';

/** Scheme, a host name of up to 253 characters and a port fit easily: addresses the API returns are built on it. */
export const PUBLIC_URL_MAX_LENGTH = 300;

/** The environment Relais reads, validated once at start-up. */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  PUBLIC_URL: Type.String({ pattern: '^https?://[^/\\s]+/?$', maxLength: PUBLIC_URL_MAX_LENGTH }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  // The development mailbox (/dev/mailbox) shows kept mail, invitation and activation links included: on by default
  // only in embedded mode without SMTP, and then only to clients on this machine; `network` serves it to anyone.
  DEV_MAILBOX: Type.Optional(Type.Union([Type.Literal('on'), Type.Literal('off'), Type.Literal('network')])),
  // Microsoft Entra ID single sign-on: the deployment's own multi-tenant app registration; each organisation only
  // records its directory tenant id. Without ENTRA_CLIENT_ID, Entra ID cannot be chosen (other providers still can).
  // Bounded as an OpenID Connect client id or issuer typed by an Admin (500), since the API shows the Entra ones too.
  ENTRA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  ENTRA_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  ENTRA_AUTHORITY: Type.String({
    pattern: '^https?://[^/\\s]+(/[^\\s]*)?$',
    // An issuer is this, a tenant id and /v2.0: at most 500 characters, as an issuer typed by an Admin.
    maxLength: 400,
    default: 'https://login.microsoftonline.com',
  }),
  // Whose X-Forwarded-For to believe (Fastify's trustProxy): unset, none — the peer's address is the client's, so a
  // client cannot choose the address it is throttled by. `true`, a hop count, or addresses / CIDRs / loopback,
  // linklocal, uniquelocal, comma-separated. Checked by trustProxyOption below.
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  // Requests per minute, per session or API token, and per address for anonymous requests (platform/http/rate-limit.ts).
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1200 }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 600 }),
  // Invitations and requests mailed to addresses a sender chooses (activation links, operator invitations, relationship
  // requests): per sending organisation per hour, and per recipient per day (platform/mail/limits.ts).
  MAIL_LIMIT_PER_ORGANIZATION: Type.Integer({ minimum: 1, default: 20 }),
  MAIL_LIMIT_PER_RECIPIENT: Type.Integer({ minimum: 1, default: 5 }),
  // Single sign-on requests (discovery, tokens, keys) reach public addresses only, except these: comma-separated host
  // names (`*.` for sub-domains), addresses or CIDR ranges, for an identity provider on a private network.
  SSO_ALLOWED_HOSTS: Type.Optional(Type.String({ minLength: 1 })),
  // Identity providers on this machine (loopback), over plain http too: development and tests, never with DATABASE_URL.
  SSO_ALLOW_LOOPBACK: Type.Optional(Type.Union([Type.Literal('on'), Type.Literal('off')])),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
});

export type Config = Static<typeof ConfigSchema> & { SESSION_SECRET: string; PUBLIC_URL: string };

export class ConfigError extends Error {}

const numeric = new Set([
  'PORT',
  'RATE_LIMIT_PER_MINUTE',
  'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
  'MAIL_LIMIT_PER_ORGANIZATION',
  'MAIL_LIMIT_PER_RECIPIENT',
]);

/** Reads, defaults and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = numeric.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  withDefaults.PUBLIC_URL ??= `http://localhost:${String(withDefaults.PORT)}`;
  const first = Value.Errors(ConfigSchema, withDefaults)[0];
  if (first) {
    const name = first.instancePath.replace(/^\//, '') || String(first.params && Object.values(first.params)[0]);
    const levels = ConfigSchema.properties.LOG_LEVEL.anyOf.map((l) => l.const).join(', ');
    const message = name.startsWith('LOG_LEVEL') ? `must be one of ${levels}` : first.message;
    throw new ConfigError(`Invalid configuration: ${name.split('/')[0] ?? name} ${message}`);
  }
  const config = withDefaults as Static<typeof ConfigSchema> & { PUBLIC_URL: string };
  config.PUBLIC_URL = config.PUBLIC_URL.replace(/\/$/, '');
  config.ENTRA_AUTHORITY = config.ENTRA_AUTHORITY.replace(/\/+$/, '');
  if (config.ENTRA_CLIENT_ID && !config.ENTRA_CLIENT_SECRET) {
    throw new ConfigError('Invalid configuration: ENTRA_CLIENT_SECRET is required with ENTRA_CLIENT_ID');
  }
  try {
    trustProxyOption(config);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: TRUST_PROXY ${(err as Error).message}`);
  }
  try {
    parseAllowList(config.SSO_ALLOWED_HOSTS);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: SSO_ALLOWED_HOSTS ${(err as Error).message}`);
  }
  if (config.SSO_ALLOW_LOOPBACK === 'on' && config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration: SSO_ALLOW_LOOPBACK=on is for development and tests; with DATABASE_URL list the host in SSO_ALLOWED_HOSTS',
    );
  }
  if (!config.SESSION_SECRET) {
    if (config.DATABASE_URL)
      throw new ConfigError('Invalid configuration: SESSION_SECRET is required with DATABASE_URL');
    config.SESSION_SECRET = embeddedSecret(config.DATA_DIR);
  }
  return config as Config;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_NAMES.has(entry) || isIP(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length || !bits || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Fastify's trustProxy from TRUST_PROXY: false when unset (no proxy is believed), true, a hop count, or the list of
 * proxies' addresses and ranges. Throws on anything else, so that a typo does not silently trust nobody or everybody.
 */
export function trustProxyOption(
  config: Pick<Config, 'TRUST_PROXY'>,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  const value = config.TRUST_PROXY?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    // What Fastify does with a number (its types do not declare one): the first `hops` proxies are believed.
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isAddressOrRange(e));
  if (bad !== undefined) {
    throw new Error(
      `must be true, a hop count, or comma-separated addresses, CIDR ranges, loopback, linklocal or uniquelocal (not "${bad}")`,
    );
  }
  return entries;
}

/** In embedded mode the secret is generated once and kept beside the database. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * To whom the development mailbox is served: nobody once a mail server is configured; else, when asked for or by
 * default in embedded mode, to loopback clients only — the mail holds invitation links, and a demo listening on
 * 0.0.0.0 must not hand an Admin invitation to anyone on the network — or to anyone with DEV_MAILBOX=network.
 */
export function devMailboxAccess(config: Config): 'off' | 'loopback' | 'network' {
  if (config.SMTP_URL || config.DEV_MAILBOX === 'off') return 'off';
  if (config.DEV_MAILBOX === 'network') return 'network';
  return config.DEV_MAILBOX === 'on' || !config.DATABASE_URL ? 'loopback' : 'off';
}

/** True when the development mailbox is served at all (to loopback clients at least). */
export function devMailboxEnabled(config: Config): boolean {
  return devMailboxAccess(config) !== 'off';
}
