import { lookup as systemLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Requests to addresses that people outside the deployment choose (the issuer of an organisation's identity provider,
 * the endpoints of its discovery document) must not reach what only the server can reach: this machine, the private
 * network, the cloud's metadata service. Every such request goes through outboundFetch, which resolves the host,
 * refuses it unless every address is public (or allowed), and connects to exactly the addresses it checked, so that
 * a name answering differently a moment later (DNS rebinding) cannot slip past the check.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** All the addresses of a host name (node:dns lookup by default; tests stub it rather than resolve real names). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await systemLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** What the deployment allows beyond public addresses (SSO_ALLOWED_HOSTS). */
export interface AllowList {
  /** Host names allowed whatever they resolve to. */
  hosts: Set<string>;
  /** `.corp.example` for an entry `*.corp.example`: its sub-domains, whatever they resolve to. */
  suffixes: string[];
  /** Addresses allowed for any host name that resolves into them. */
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export interface OutboundPolicy {
  /** Development and tests only: loopback addresses, and plain http to them. */
  allowLoopback: boolean;
  allowList: AllowList;
  resolve: Resolver;
}

/** The destination is not one Relais contacts; nothing was sent. */
export class OutboundRefused extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`${host}: ${reason}`);
    this.name = 'OutboundRefused';
  }
}

const HOST_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Reads SSO_ALLOWED_HOSTS: comma-separated host names (`*.` for sub-domains), addresses and CIDR ranges. */
export function parseAllowList(text: string | undefined): AllowList {
  const list: AllowList = { hosts: new Set(), suffixes: [], ranges: [] };
  for (const raw of (text ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    const [address = '', bits, ...rest] = entry.split('/');
    const family = net.isIP(address);
    if (family !== 0) {
      const max = family === 4 ? 32 : 128;
      if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max || rest.length > 0)) {
        throw new Error(`"${raw.trim()}" is not a valid CIDR range`);
      }
      list.ranges.push([ipaddr.parse(address), bits === undefined ? max : Number(bits)]);
    } else if (entry.length <= 253 && HOST_NAME.test(entry.replace(/\.$/, ''))) {
      const name = entry.replace(/\.$/, '');
      if (name.startsWith('*.')) list.suffixes.push(name.slice(1));
      else list.hosts.add(name);
    } else {
      throw new Error(`"${raw.trim()}" is neither a host name nor an address or CIDR range`);
    }
  }
  return list;
}

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address (it reaches this machine)',
  loopback: 'a loopback address',
  private: 'a private address',
  carrierGradeNat: 'a carrier-grade NAT address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
};

// Names of cloud metadata services and of private name spaces: refused before anything is resolved.
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** A name that stands for this machine (RFC 6761): never sent to a resolver outside it. */
const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** A host as URL.hostname spells it, without IPv6 brackets or a final dot, lower-cased. */
export function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/**
 * An address as it will be judged: an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as its IPv4 address, and flagged,
 * since only a disguise spells loopback that way.
 */
function judged(address: string): { ip: ipaddr.IPv4 | ipaddr.IPv6; mapped: boolean } {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return { ip: (parsed as ipaddr.IPv6).toIPv4Address(), mapped: true };
  }
  return { ip: parsed, mapped: false };
}

/** True for this machine's addresses and names: the only hosts reached over plain http (development, tests). */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isLoopbackName(host)) return true;
  if (net.isIP(host) === 0) return false;
  const { ip, mapped } = judged(host);
  return !mapped && ip.range() === 'loopback';
}

function allowedRange(ip: ipaddr.IPv4 | ipaddr.IPv6, list: AllowList): boolean {
  return list.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));
}

/**
 * Refuses an address that is not public unicast, unless allowed: loopback with allowLoopback (not in its IPv4-mapped
 * form), or in a range of the allow-list.
 */
function checkAddress(host: string, address: string, policy: OutboundPolicy): void {
  const { ip, mapped } = judged(address);
  if (allowedRange(ip, policy.allowList)) return;
  const range = ip.range();
  if (range === 'unicast' || (range === 'loopback' && policy.allowLoopback && !mapped)) return;
  const what = RANGE_NAMES[range] ?? `a reserved address (${range})`;
  throw new OutboundRefused(host, address === host ? `${what}` : `resolves to ${address}, ${what}`);
}

/**
 * The addresses a request to this host may connect to: all of the host's addresses, each checked. Throws
 * OutboundRefused for a refused name or address (before resolving, for metadata and single-label names).
 */
export async function vetHost(hostname: string, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const host = bareHost(hostname);
  const family = net.isIP(host);
  if (family !== 0) {
    checkAddress(host, host, policy);
    return [{ address: host, family: family === 6 ? 6 : 4 }];
  }
  const listed = policy.allowList.hosts.has(host) || policy.allowList.suffixes.some((s) => host.endsWith(s));
  if (!listed) {
    if (isLoopbackName(host)) {
      if (!policy.allowLoopback) throw new OutboundRefused(host, 'a name of this machine');
    } else if (METADATA_NAMES.has(host) || host === 'internal' || host.endsWith('.internal')) {
      throw new OutboundRefused(host, 'a cloud metadata or internal name');
    } else if (!host.includes('.')) {
      throw new OutboundRefused(host, 'not a fully qualified host name');
    }
  }
  const addresses = await policy.resolve(host);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  // One private address among public ones is enough to refuse: the connection could use any of them.
  if (!listed) for (const { address } of addresses) checkAddress(host, address, policy);
  return addresses;
}

/** A URL outboundFetch may request: https, or plain http to this machine when loopback is allowed. */
export function checkScheme(url: URL, policy: Pick<OutboundPolicy, 'allowLoopback'>): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && policy.allowLoopback && isLoopbackHost(url.hostname)) return;
  throw new OutboundRefused(bareHost(url.hostname) || url.protocol, `${url.protocol} is not https:`);
}

/** What openid-client (oauth4webapi) passes to a custom fetch. */
export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

function encodeBody(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('outboundFetch sends string, URLSearchParams or byte bodies only');
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = res.statusCode ?? 0;
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : body, { status, statusText: res.statusMessage ?? '', headers });
}

/**
 * A fetch for openid-client's `customFetch`: checks the scheme and the host's addresses, connects only to the checked
 * addresses, never follows redirects, gives up after `timeoutMs` and refuses bodies larger than `maxBytes`.
 */
export function outboundFetch(
  policy: OutboundPolicy,
  limits: { timeoutMs: number; maxBytes: number },
): (input: string, init?: OutboundInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = new URL(input);
    checkScheme(url, policy);
    // Node resolves names through `lookup` below but connects to an address literal directly.
    if (net.isIP(bareHost(url.hostname)) !== 0) await vetHost(url.hostname, policy);
    const body = encodeBody(init.body);
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    signal.throwIfAborted();

    const lookup: LookupFunction = (hostname, options, callback) => {
      vetHost(hostname, policy).then(
        (addresses) => {
          if (options.all) {
            callback(null, addresses);
          } else {
            const [first] = addresses as [ResolvedAddress];
            callback(null, first.address, first.family);
          }
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), '', 0),
      );
    };

    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = <T>(fn: (value: T) => void) => {
        return (value: T) => {
          signal.removeEventListener('abort', onAbort);
          fn(value);
        };
      };
      const fail = settle(reject);
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: init.method ?? 'GET',
          headers: { ...init.headers, 'accept-encoding': 'identity' },
          lookup,
          signal,
          // A pooled socket would skip the lookup: every request connects, and is checked, anew.
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limits.maxBytes)
              res.destroy(new Error(`the response is larger than ${String(limits.maxBytes)} bytes`));
            else chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('end', () => {
            try {
              settle(resolve)(toResponse(res, Buffer.concat(chunks)));
            } catch (err) {
              fail(err);
            }
          });
        },
      );
      request.on('error', fail);
      request.end(body);
    });
  };
}
