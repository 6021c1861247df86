import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkScheme,
  OutboundRefused,
  outboundFetch,
  parseAllowList,
  vetHost,
  type OutboundPolicy,
  type ResolvedAddress,
} from './outbound.ts';

// A provider stand-in on loopback, the only place these tests send anything.
const hits: string[] = [];
let respond: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
};
const server = http.createServer((req, res) => {
  hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
  respond(req, res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
const port = String((server.address() as AddressInfo).port);
const limits = { timeoutMs: 2000, maxBytes: 1024 };

/** A resolver that answers from a table and records what it was asked; never a real name lookup. */
function stubResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve = (host: string): Promise<ResolvedAddress[]> => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) return Promise.reject(new Error(`getaddrinfo ENOTFOUND ${host}`));
    return Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })),
    );
  };
  return { asked, resolve };
}

const policy = (overrides: Partial<OutboundPolicy> = {}): OutboundPolicy => ({
  allowLoopback: false,
  allowList: parseAllowList(undefined),
  resolve: stubResolver({}).resolve,
  ...overrides,
});

/** The host of a URL as the WHATWG parser normalises it (`0x7f.1` → `127.0.0.1`, brackets kept for IPv6). */
const hostOf = (authority: string) => new URL(`https://${authority}/`).hostname;

describe('vetHost', () => {
  const refusedLiterals = [
    '0.0.0.0',
    '0',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '127.0.0.1',
    '2130706433',
    '0x7f.1',
    '0177.0.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
    '[::]',
    '[::1]',
    '[fd00::1]',
    '[fc00::1]',
    '[fe80::1]',
    '[ff02::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:10.0.0.1]',
    '[::ffff:169.254.169.254]',
    '[64:ff9b::a00:1]',
  ];

  test.each(refusedLiterals)('refuses the address %s without resolving anything', async (authority) => {
    const { asked, resolve } = stubResolver({});
    await expect(vetHost(hostOf(authority), policy({ resolve }))).rejects.toBeInstanceOf(OutboundRefused);
    expect(asked).toEqual([]);
  });

  test('accepts a public address as it is', async () => {
    expect(await vetHost('93.184.215.14', policy())).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(await vetHost(hostOf('[2606:4700::1111]'), policy())).toEqual([{ address: '2606:4700::1111', family: 6 }]);
  });

  test.each([
    'metadata.google.internal',
    'METADATA.GOOGLE.INTERNAL.',
    'metadata',
    'metadata.goog',
    'instance-data',
    'kubernetes.default.svc.cluster.internal',
    'intranet',
    'localhost',
    'idp.localhost',
  ])('refuses the name %s before resolving it', async (name) => {
    const { asked, resolve } = stubResolver({ [name.toLowerCase()]: ['93.184.215.14'] });
    await expect(vetHost(name, policy({ resolve }))).rejects.toBeInstanceOf(OutboundRefused);
    expect(asked).toEqual([]);
  });

  test('refuses a name when any of its addresses is not public, and says which', async () => {
    const { resolve } = stubResolver({
      'private.example': ['10.0.0.5'],
      'mixed.example': ['93.184.215.14', '169.254.169.254'],
      'mapped.example': ['::ffff:192.168.0.1'],
      'public.example': ['93.184.215.14', '2606:4700::1111'],
    });
    await expect(vetHost('private.example', policy({ resolve }))).rejects.toThrow(
      'private.example: resolves to 10.0.0.5, a private address',
    );
    await expect(vetHost('mixed.example', policy({ resolve }))).rejects.toThrow('169.254.169.254, a link-local');
    await expect(vetHost('mapped.example', policy({ resolve }))).rejects.toThrow('a private address');
    expect(await vetHost('Public.Example', policy({ resolve }))).toHaveLength(2);
  });

  test('loopback, for development and tests only, opens loopback and nothing else', async () => {
    const { resolve } = stubResolver({ localhost: ['127.0.0.1', '::1'] });
    const loopback = policy({ allowLoopback: true, resolve });
    expect(await vetHost('127.0.0.1', loopback)).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await vetHost('[::1]', loopback)).toEqual([{ address: '::1', family: 6 }]);
    expect(await vetHost('localhost', loopback)).toHaveLength(2);
    for (const host of ['0.0.0.0', '10.0.0.1', '[::ffff:127.0.0.1]', '169.254.169.254', 'metadata.google.internal']) {
      await expect(vetHost(hostOf(host), loopback), host).rejects.toBeInstanceOf(OutboundRefused);
    }
  });

  test('the allow-list lets a listed host, its sub-domains or a listed range through, and nothing more', async () => {
    const { resolve } = stubResolver({
      'idp.corp.example': ['10.20.0.7'],
      'sso.eu.corp.example': ['172.16.5.5'],
      'corp.example': ['172.16.5.6'],
      'other.example': ['10.1.2.3'],
      'elsewhere.example': ['10.2.0.1'],
      'sso.corp.internal': ['192.168.7.7'],
    });
    const allowList = parseAllowList(' idp.corp.example, *.eu.corp.example ,10.1.0.0/16, sso.corp.internal');
    const listed = policy({ allowList, resolve });
    expect(await vetHost('idp.corp.example', listed)).toEqual([{ address: '10.20.0.7', family: 4 }]);
    expect(await vetHost('sso.eu.corp.example', listed)).toHaveLength(1);
    expect(await vetHost('other.example', listed)).toEqual([{ address: '10.1.2.3', family: 4 }]);
    expect(await vetHost('10.1.200.1', listed)).toHaveLength(1);
    expect(await vetHost('sso.corp.internal', listed)).toHaveLength(1);
    await expect(vetHost('corp.example', listed)).rejects.toThrow('a private address');
    await expect(vetHost('elsewhere.example', listed)).rejects.toThrow('10.2.0.1');
    await expect(vetHost('10.2.0.1', listed)).rejects.toBeInstanceOf(OutboundRefused);
    await expect(vetHost('metadata.google.internal', listed)).rejects.toBeInstanceOf(OutboundRefused);
  });
});

describe('parseAllowList', () => {
  test('reads host names, wildcards, addresses and CIDR ranges', () => {
    const list = parseAllowList('idp.corp.example., *.corp.example, 10.0.0.0/8, 192.168.1.10, [fd00::1], fd00::/8,');
    expect([...list.hosts]).toEqual(['idp.corp.example']);
    expect(list.suffixes).toEqual(['.corp.example']);
    expect(list.ranges.map(([ip, bits]) => `${ip.toString()}/${String(bits)}`)).toEqual([
      '10.0.0.0/8',
      '192.168.1.10/32',
      'fd00::1/128',
      'fd00::/8',
    ]);
  });

  test.each(['not a host', 'https://idp.corp.example', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', '-idp.example'])(
    'refuses %s',
    (entry) => {
      expect(() => parseAllowList(`idp.corp.example,${entry}`)).toThrow(`"${entry}"`);
    },
  );
});

describe('checkScheme', () => {
  test('https everywhere; plain http only to loopback when allowed; nothing else', () => {
    const refused = (url: string, allowLoopback = true) =>
      expect(() => checkScheme(new URL(url), { allowLoopback }), url).toThrow(OutboundRefused);
    checkScheme(new URL('https://idp.example/authorize'), { allowLoopback: false });
    checkScheme(new URL('http://127.0.0.1:9000/oidc'), { allowLoopback: true });
    checkScheme(new URL('http://localhost:9000/oidc'), { allowLoopback: true });
    refused('http://127.0.0.1:9000/oidc', false);
    refused('http://idp.example/authorize');
    refused('http://[::ffff:127.0.0.1]/');
    refused('javascript:alert(1)');
    refused('data:text/html,<script>alert(1)</script>');
    refused('ftp://idp.example/');
  });
});

describe('outboundFetch', () => {
  test('connects to the address it checked: each request resolves once, a changed answer is refused unsent', async () => {
    hits.length = 0;
    // A name that answers loopback, then a private address (rebinding): the lookup that is checked is the one used.
    const answers = [['127.0.0.1'], ['10.0.0.1']];
    const asked: string[] = [];
    const fetch = outboundFetch(
      policy({
        allowLoopback: true,
        resolve: (host) => {
          asked.push(host);
          return Promise.resolve((answers.shift() ?? []).map((address) => ({ address, family: 4 as const })));
        },
      }),
      limits,
    );
    const first = await fetch(`http://localhost:${port}/.well-known/openid-configuration`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true });
    await expect(fetch(`http://localhost:${port}/again`)).rejects.toBeInstanceOf(OutboundRefused);
    expect(asked).toEqual(['localhost', 'localhost']);
    expect(hits).toEqual(['GET /.well-known/openid-configuration']);
  });

  test('refuses a refused address, a plain-http public host and a javascript: URL before connecting', async () => {
    hits.length = 0;
    const fetch = outboundFetch(policy({ allowLoopback: false }), limits);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRefused);
    await expect(fetch(`https://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRefused);
    await expect(fetch('https://169.254.169.254/latest/meta-data/')).rejects.toBeInstanceOf(OutboundRefused);
    await expect(fetch('http://idp.example/')).rejects.toBeInstanceOf(OutboundRefused);
    await expect(fetch('javascript:alert(1)')).rejects.toBeInstanceOf(OutboundRefused);
    expect(hits).toEqual([]);
  });

  test('sends the form body, answers a redirect as it is without following it', async () => {
    hits.length = 0;
    let received = '';
    respond = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received = `${req.headers['content-type'] ?? ''} ${Buffer.concat(chunks).toString()}`;
        res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      });
    };
    const fetch = outboundFetch(policy({ allowLoopback: true }), limits);
    const res = await fetch(`http://127.0.0.1:${port}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'abc' }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://169.254.169.254/');
    expect(received).toBe('application/x-www-form-urlencoded grant_type=authorization_code&code=abc');
    expect(hits).toEqual(['POST /token']);
  });

  test('gives up on a silent server after the timeout, and on a body over the size limit', async () => {
    respond = () => {
      // Never answers.
    };
    const fetch = outboundFetch(policy({ allowLoopback: true }), { timeoutMs: 200, maxBytes: 1024 });
    await expect(fetch(`http://127.0.0.1:${port}/silent`)).rejects.toThrow(/abort|timeout/i);
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pad: 'x'.repeat(4096) }));
    };
    await expect(fetch(`http://127.0.0.1:${port}/large`)).rejects.toThrow('larger than 1024 bytes');
  });
});
