// Sign-in flood benchmark (issue 11 §5: sixteen concurrent anonymous sign-ins pushed every other request's p95 from
// 57 to 688 ms). A server process seeds the demo and BENCH_CUSTOMERS generated customers spread over every distributor
// and partner, and listens on a real port; this process is the clients, over fetch with a browser's headers. One
// signed-in distributor Admin loads the customer page over and over (GET /api/v1/me and /api/v1/customers?size=50 at
// once, as the web app does), then GET /healthz (no SQL, no compression: the bare event loop). Phase A is that alone;
// phase B adds BENCH_FLOOD_CLIENTS (16) anonymous clients looping on POST /api/v1/auth/sign-in with wrong passwords.
// A and B alternate in BENCH_SLICES slices so that the shared machine's noise falls on both alike. Prints p50 / p95 /
// p99 / max of each request in A and B, the ratio B ÷ A of p95, the sign-in answers by status and requests per second.
//   npm run bench:sign-in-flood                       PGlite in memory, 2,000 customers, 3 × (10 s A + 10 s B)
//   BENCH_DB=postgres npm run bench:sign-in-flood     a new database on TEST_POSTGRES_URL's server, dropped after
//   BENCH_SECONDS (30, per phase) BENCH_SLICES (3) BENCH_FLOOD_CLIENTS (16) BENCH_CUSTOMERS (2000)
//   BENCH_WARMUP_SECONDS (2, of each phase, not counted)
// The server runs in its own process: argon2 and compression share libuv's thread pool, which is per process, so the
// clients' own decompression must not queue behind the server's hashes. The sign-in throttle has no setting: the
// flood uses a new e-mail on every attempt (an unknown account still costs an argon2 verification) and, with
// TRUST_PROXY=loopback, its own X-Forwarded-For per client, changed every 50 attempts (an address locks after 100).
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openBenchDatabase } from './database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { sql } from 'drizzle-orm';
import { EventHub } from '../server/src/platform/events/hub.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { seedScale } from '../server/src/seed/scale.ts';
import { refreshAllQueuedSummaries } from '../server/src/features/customers/summary-task.ts';
import { SESSION_COOKIE } from '../server/src/platform/auth/plugin.ts';
import { DEMO_PASSWORD, customers, distributors, partners } from '../server/src/seed/demo-data.ts';

const kind = process.env.BENCH_DB ?? 'pglite';
const customerCount = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const phaseSeconds = Number(process.env.BENCH_SECONDS ?? 30);
const slices = Number(process.env.BENCH_SLICES ?? 3);
const floodClients = Number(process.env.BENCH_FLOOD_CLIENTS ?? 16);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

const PUBLIC_URL = 'http://localhost:3000';
const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';
const USER = 'admin@contoso-distribution.example';

type Ready = { port: number; kind: string; seedSeconds: number };

/** The server process: the same setup as bench/run.ts, listening on 127.0.0.1 until told to stop. */
async function serve() {
  const { database, cleanup } = await openBenchDatabase(kind);
  await migrate(database);
  const now = new Date();
  const seedStart = performance.now();
  await seedDemo(database, now, { linkSecret: BENCH_SECRET });
  await seedScale(database, customerCount, { now });
  await refreshAllQueuedSummaries(database, now);
  await database.db.execute(database.kind === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const clock = () => new Date();
  const config = loadConfig({
    PUBLIC_URL,
    SESSION_SECRET: BENCH_SECRET,
    // The limiter still counts every request (its cost is part of the figures), never refuses one.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
    // The flood's clients present their own addresses, as they would from behind a proxy (see the top comment).
    TRUST_PROXY: 'loopback',
  });
  const app = await buildApp({ config, database, clock, events: new EventHub(database, clock) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await cleanup();
    process.exit(0);
  };
  process.on('message', () => void stop());
  process.on('disconnect', () => void stop()); // the clients' process ended without asking
  process.send?.({ port, kind: database.kind, seedSeconds } satisfies Ready);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function stats(times: number[]) {
  const sorted = [...times].sort((x, y) => x - y);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

// What the web app's fetch sends (shared/api.ts) on top of a browser's own headers.
const browser = {
  accept: 'application/json',
  'accept-language': 'fr',
  'accept-encoding': 'gzip, deflate, br',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'cors',
  'sec-fetch-dest': 'empty',
};

async function clients(ready: Ready) {
  const base = `http://127.0.0.1:${ready.port}`;

  /** One request, timed until its body is read; anything but `expected` is an error. */
  async function timed(path: string, init: RequestInit, expected = 200): Promise<number> {
    const start = performance.now();
    const res = await fetch(`${base}${path}`, init);
    const body = await res.arrayBuffer();
    const ms = performance.now() - start;
    if (res.status !== expected) {
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${Buffer.from(body).toString()}`);
    }
    return ms;
  }

  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { ...browser, origin: PUBLIC_URL, 'content-type': 'application/json' },
    body: JSON.stringify({ email: USER, password: DEMO_PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in ${USER}: ${signIn.status} ${await signIn.text()}`);
  await signIn.arrayBuffer();
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in set no session cookie');
  const signedIn = { headers: { ...browser, cookie } };
  const anonymous = { headers: browser };

  const requests = ['GET /api/v1/customers?size=50', 'GET /api/v1/me', 'GET /healthz'] as const;
  type Samples = Record<(typeof requests)[number], number[]>;
  const samples = { A: {} as Samples, B: {} as Samples };
  for (const phase of [samples.A, samples.B]) for (const r of requests) phase[r] = [];
  const elapsed = { A: 0, B: 0 }; // measured seconds per phase, for requests per second

  /** The signed-in user for `seconds`: the customer page's two calls at once, then the health check. */
  async function browse(seconds: number, into: Samples | null) {
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      const [list, me] = await Promise.all([
        timed('/api/v1/customers?size=50', signedIn),
        timed('/api/v1/me', signedIn),
      ]);
      const health = await timed('/healthz', anonymous);
      into?.['GET /api/v1/customers?size=50'].push(list);
      into?.['GET /api/v1/me'].push(me);
      into?.['GET /healthz'].push(health);
    }
    return (performance.now() - started) / 1000;
  }

  const signIns = new Map<number, number[]>(); // status → latencies, during measured B slices only
  const domains = [...distributors, ...partners, ...customers].map((o) => o.domain);
  let attempt = 0; // across the whole run: every attempt has a new e-mail
  let floodSeconds = 0; // measured B slices, from the flood's start to its last answer

  /** The flood while `during` runs: each client signs in with a wrong password, again as soon as it is answered. */
  async function flooded<T>(during: () => Promise<T>, record: boolean): Promise<T> {
    let done = false;
    const client = async (i: number) => {
      for (let n = 0; !done; n++) {
        const a = attempt++;
        const block = Math.floor(n / 50);
        const start = performance.now();
        const res = await fetch(`${base}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: {
            ...browser,
            origin: PUBLIC_URL,
            'content-type': 'application/json',
            'x-forwarded-for': `10.${(block >> 8) & 255}.${block & 255}.${i + 1}`,
          },
          body: JSON.stringify({ email: `guess.${a}@${domains[a % domains.length]}`, password: `wrong-${a}` }),
        });
        await res.arrayBuffer();
        const ms = performance.now() - start;
        if (![401, 429, 503].includes(res.status)) throw new Error(`flood sign-in answered ${res.status}`);
        if (!record) continue;
        const list = signIns.get(res.status) ?? [];
        list.push(ms);
        signIns.set(res.status, list);
      }
    };
    const started = performance.now();
    const flood = Promise.all(
      Array.from({ length: floodClients }, (_, i) =>
        client(i).catch((err: unknown) => {
          done = true; // one failed: the others stop too
          throw err;
        }),
      ),
    );
    flood.catch(() => {}); // awaited below: an early failure is not an unhandled one
    try {
      return await during();
    } finally {
      done = true;
      await flood; // their last answers, before the next slice starts quiet
      if (record) floodSeconds += (performance.now() - started) / 1000;
    }
  }

  await browse(warmupSeconds, null);
  await flooded(() => browse(warmupSeconds, null), false);
  const load = [loadavg()[0] ?? NaN];
  const sliceSeconds = phaseSeconds / slices;
  for (let s = 0; s < slices; s++) {
    elapsed.A += await browse(sliceSeconds, samples.A);
    elapsed.B += await flooded(() => browse(sliceSeconds, samples.B), true);
  }
  load.push(loadavg()[0] ?? NaN);

  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  console.log(
    `Relais sign-in flood benchmark — ${ready.kind}, demo + ${customerCount} customers over every distributor and ` +
      `partner (seeded in ${ready.seedSeconds.toFixed(1)} s), ${floodClients} flood clients, ` +
      `${slices} × (${sliceSeconds.toFixed(1)} s A + ${sliceSeconds.toFixed(1)} s B), node ${process.version}, ` +
      `load average ${load.map((l) => l.toFixed(2)).join(' → ')} on this machine`,
  );
  console.log(
    'request (signed in as a distributor Admin)  phase       n   req/s       p50       p95       p99       max  p95 B/A',
  );
  for (const r of requests) {
    const a = stats(samples.A[r]);
    const b = stats(samples.B[r]);
    for (const [phase, s, seconds] of [
      ['A', a, elapsed.A],
      ['B', b, elapsed.B],
    ] as const) {
      console.log(
        `${(phase === 'A' ? r : '').padEnd(43)}  ${phase.padEnd(5)} ${String(s.n).padStart(7)} ` +
          `${(s.n / seconds).toFixed(1).padStart(7)}${ms(s.p50)}${ms(s.p95)}${ms(s.p99)}${ms(s.max)}` +
          (phase === 'B' ? (b.p95 / a.p95).toFixed(2).padStart(9) : ''),
      );
    }
  }
  console.log('(GET /healthz is anonymous, without SQL or compression: the bare server, for scale)');
  const total = [...signIns.values()].reduce((sum, l) => sum + l.length, 0);
  console.log(
    `sign-in answers during B: ${total} in ${floodSeconds.toFixed(1)} s, ${(total / floodSeconds).toFixed(1)} per second`,
  );
  console.log('status        n   per s       p50       p95       max');
  for (const status of [200, 401, 429, 503]) {
    const s = stats(signIns.get(status) ?? []);
    const figures = s.n ? `${ms(s.p50)}${ms(s.p95)}${ms(s.max)}` : '';
    console.log(
      `${String(status).padEnd(6)} ${String(s.n).padStart(7)} ${(s.n / floodSeconds).toFixed(1).padStart(7)}${figures}`,
    );
  }
}

if (process.argv[2] === '--serve') {
  await serve();
} else {
  const server = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited: (code: number | null) => void = () => {};
  const exit = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  void exit.then((code) => exited(code));
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      server.once('message', (m) => resolve(m as Ready));
      exited = (code) => reject(new Error(`the server process exited (${code}) before listening`));
    });
    exited = (code) => {
      console.error(`the server process exited (${code}) during the run`);
      process.exit(1);
    };
    await clients(ready);
    exited = () => {};
    server.send('stop');
    if ((await exit) !== 0) throw new Error('the server process did not stop cleanly');
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
    if (server.exitCode === null) server.kill();
  }
}
