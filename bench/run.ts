// Customer list benchmark (issue 3): seeds the demo and N generated customers under one distributor (Contoso and its
// partners), then times GET /api/v1/customers through the whole app (app.inject: routing, authentication, schema
// validation, serialisation) next to the very same SQL run directly on the database — the statements the request
// sends: the repository's list query in a scoped transaction whose first statement confirms the cached session (the
// list routes' authentication, see platform/auth/plugin.ts; a full session lookup happens once a minute per session,
// and shows in the API's figures) — and prints p50 / p95 and the ratio API ÷ SQL measured in the same run. Then
// streams the CSV export of every customer over a real socket and samples the process memory while it runs.
//   npm run bench                                   PostgreSQL (127.0.0.1:5432), 100,000 customers
//   BENCH_DB=pglite BENCH_CUSTOMERS=100000 npm run bench
//   BENCH_DATABASE_URL=postgres://…/db npm run bench   an already seeded database, kept (seed it once with
//     `relais seed --demo --scale 100000 --under contoso-distribution.example`): for repeated runs while tuning
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase, type DatabaseHandle } from '../server/src/platform/db/client.ts';
import { openBenchDatabase } from './database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { unsafeSystemStatement, withActor } from '../server/src/platform/db/scope.ts';
import { makeActor } from '../server/src/core/tenancy/actor.ts';
import { EventHub } from '../server/src/platform/events/hub.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { seedScale } from '../server/src/seed/scale.ts';
import { refreshAllQueuedSummaries } from '../server/src/features/customers/summary-task.ts';
import { listSummaries, type SummaryFilter } from '../server/src/features/customers/repository.ts';
import { normalizeFilter } from '../server/src/features/customers/service.ts';
import { SESSION_COOKIE, sessionWindow } from '../server/src/platform/auth/plugin.ts';
import { findSessionActor } from '../server/src/platform/auth/repository.ts';
import { sha256 } from '../server/src/platform/auth/passwords.ts';

const kind = process.env.BENCH_DB ?? 'postgres';
const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
// With 40 samples p95 is the second worst, and the ratio of two such figures mostly measured the shared machine's
// noise (a scheduling hiccup or a collection on either side); 300 samples leave 15 above it.
const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
// ...and at least this long: a 2 ms query's 300 rounds take a second, and its p95 then swung by ±0.2 in ratio from
// one run to the next on the shared machine; more samples of the same measure, never a re-run, steady the estimate.
const minSeconds = Number(process.env.BENCH_SECONDS ?? 4);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the measured functions in turn, round after round, so that the machine's noise falls on all of them alike. */
async function timeInTurn(fns: (() => Promise<unknown>)[]) {
  for (let i = 0; i < 3; i++) for (const fn of fns) await fn(); // warm-up
  const samples = fns.map(() => [] as number[]);
  const until = performance.now() + minSeconds * 1000;
  for (let i = 0; i < rounds || performance.now() < until; i++) {
    for (const [j, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      samples[j]?.push(performance.now() - start);
    }
  }
  return samples.map((times) => {
    times.sort((x, y) => x - y);
    return { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
  });
}

const reuseUrl = process.env.BENCH_DATABASE_URL;
const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';

async function open(): Promise<{ database: DatabaseHandle; cleanup: () => Promise<void> }> {
  if (reuseUrl) {
    const database = await openDatabase({ url: reuseUrl });
    return { database, cleanup: () => database.close() };
  }
  return openBenchDatabase(kind);
}

const { database, cleanup } = await open();
try {
  await migrate(database);
  const now = new Date();
  const seedStart = performance.now();
  if (!reuseUrl) {
    await seedDemo(database, now, { linkSecret: BENCH_SECRET });
    await seedScale(database, customers, { now, under: 'contoso-distribution.example' });
    await refreshAllQueuedSummaries(database, now);
    if (database.kind === 'postgres') await database.db.execute(sql`VACUUM ANALYZE`);
    else await database.db.execute(sql`ANALYZE`);
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const clock = () => new Date();
  const events = new EventHub(database, clock);
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:3000',
    SESSION_SECRET: BENCH_SECRET,
    // Thousands of requests a minute from one session: the limiter still counts each (its cost is measured), never
    // refuses.
    RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const app = await buildApp({ config, database, clock, events });
  const personas = [
    ['distributor', 'admin@contoso-distribution.example'],
    ['partner', 'admin@adatum.example'],
  ] as const;
  console.log(
    `Relais customer list benchmark — ${database.kind}, ` +
      (reuseUrl
        ? `an already seeded database`
        : `${customers} generated customers under Contoso (seeded in ${seedSeconds.toFixed(1)} s)`) +
      `, each figure over ≥ ${rounds} rounds and ≥ ${minSeconds} s, node ${process.version}`,
  );
  console.log(
    'persona      query                     matches  rounds   API p50   API p95   SQL p50   SQL p95  ratio p50  ratio p95',
  );
  const f = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  const results: { persona: string; label: string; required: boolean; apiP95: number; ratioP95: number }[] = [];
  let exportCookie = '';
  for (const [persona, email] of personas) {
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'http://localhost:3000' },
      payload: { email, password: 'Relais-demo-1' },
    });
    if (signIn.statusCode !== 200) throw new Error(`sign-in ${email}: ${signIn.statusCode} ${signIn.body}`);
    const cookie = signIn.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    const token = app.unsignCookie(cookie).value ?? '';
    const now = clock();
    const { idleSince } = sessionWindow(now);
    const session = await unsafeSystemStatement(database.db, (db) =>
      findSessionActor(db, sha256(token), now, idleSince),
    );
    if (!session) throw new Error(`no session for ${email}`);
    const actor = makeActor({ ...session, via: { kind: 'session', id: session.sessionId } });
    const headers = { cookie: `${SESSION_COOKIE}=${cookie}` };
    if (persona === 'distributor') exportCookie = headers.cookie;
    // [label, query, one of the required figures]
    const cases: [string, Record<string, string>, boolean][] = [
      ['first page', {}, true],
      ['partial name search', { search: 'horizon logis' }, true],
      ['partial domain search', { search: 'c1234' }, true],
      ['sort by health', { sort: 'health', order: 'desc' }, true],
      ['sort by next expiry', { sort: 'nextExpiry' }, true],
      ['broad partial name (6 %)', { search: 'lumi' }, false],
    ];
    for (const [label, params, required] of cases) {
      const query = new URLSearchParams({ size: '50', ...params }).toString();
      const filter: SummaryFilter = normalizeFilter('customer', params);
      let matches = 0;
      const [api, requestSql] = await timeInTurn([
        async () => {
          const res = await app.inject({ method: 'GET', url: `/api/v1/customers?${query}`, headers });
          if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
          if (!matches) matches = res.json<{ totalCount: number }>().totalCount; // parsed once: a client's work
        },
        () => {
          const now = clock();
          return withActor(database.db, { actor, now, confirmSession: sessionWindow(now) }, async (tx) => {
            await listSummaries(tx, actor, filter, { after: null, limit: 51 });
          });
        },
      ]);
      if (!api || !requestSql) throw new Error('missing timings');
      const r50 = api.p50 / requestSql.p50;
      const r95 = api.p95 / requestSql.p95;
      results.push({ persona, label, required, apiP95: api.p95, ratioP95: r95 });
      console.log(
        `${persona.padEnd(12)} ${(label + (required ? '' : ' *')).padEnd(25)} ${String(matches).padStart(7)} ` +
          `${String(api.n).padStart(7)} ` +
          `${f(api.p50)} ${f(api.p95)} ${f(requestSql.p50)} ${f(requestSql.p95)} ` +
          `${r50.toFixed(2).padStart(10)} ${r95.toFixed(2).padStart(10)}`,
      );
    }
  }
  console.log("* beyond the issue's list of figures, printed for information");
  const required = results.filter((r) => r.required);
  const worst = required.reduce((a, b) => (b.apiP95 > a.apiP95 ? b : a));
  const worstRatio = required.reduce((a, b) => (b.ratioP95 > a.ratioP95 ? b : a));
  const limit = database.kind === 'postgres' ? 25 : 100;
  const met = worst.apiP95 <= limit && (database.kind !== 'postgres' || worstRatio.ratioP95 <= 1.5);
  console.log(
    `required figures — worst API p95: ${worst.apiP95.toFixed(1)} ms (${worst.persona}, ${worst.label}); ` +
      `worst ratio p95: ${worstRatio.ratioP95.toFixed(2)} (${worstRatio.persona}, ${worstRatio.label}); ` +
      `targets p95 ≤ ${limit} ms` +
      (database.kind === 'postgres' ? ', ratio ≤ 1.5' : '') +
      `: ${met ? 'met' : 'NOT met'}`,
  );

  // The export of the distributor's whole list, streamed over a socket; memory sampled every 20 ms meanwhile.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/customers/export`, {
    headers: { cookie: exportCookie, 'accept-encoding': 'identity' },
  });
  let bytes = 0;
  let lines = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    const data: Uint8Array = chunk.value as Uint8Array;
    bytes += data.byteLength;
    for (const b of data) if (b === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `CSV export (distributor, every customer): ${lines - 1} rows, ${mb(bytes)} in ${seconds.toFixed(2)} s; ` +
      `memory during the download: heap ${mb(baseline.heapUsed)} → peak ${mb(peakHeap)}, ` +
      `RSS ${mb(baseline.rss)} → peak ${mb(peakRss)} (the file itself is ${mb(bytes)})`,
  );
  await app.close();
} finally {
  await cleanup();
}
