// Customer list benchmark (issue 3): seeds the demo and N generated customers under one distributor (Contoso and its
// partners), then times GET /api/v1/customers through the whole app (app.inject: routing, authentication, schema
// validation, serialisation) next to the very same repository SQL run directly in a scoped transaction, and prints
// p50 / p95 and the ratio API ÷ SQL measured in the same run. Then streams the CSV export of every customer over a
// real socket and samples the process memory while it runs.
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
import { withActor } from '../server/src/platform/db/scope.ts';
import { makeActor } from '../server/src/platform/access/actor.ts';
import { EventHub } from '../server/src/platform/events/hub.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { seedScale } from '../server/src/seed/scale.ts';
import { refreshAllQueuedSummaries } from '../server/src/features/customers/summary-task.ts';
import { listSummaries, type SummaryFilter } from '../server/src/features/customers/repository.ts';
import { normalizeFilter } from '../server/src/features/customers/service.ts';

const kind = process.env.BENCH_DB ?? 'postgres';
const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the two measured functions alternately, so that the machine's noise falls on both alike. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) {
    await a(); // warm-up
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    await a();
    sa.push(performance.now() - start);
    start = performance.now();
    await b();
    sb.push(performance.now() - start);
  }
  sa.sort((x, y) => x - y);
  sb.sort((x, y) => x - y);
  return {
    api: { p50: percentile(sa, 50), p95: percentile(sa, 95) },
    sql: { p50: percentile(sb, 50), p95: percentile(sb, 95) },
  };
}

const reuseUrl = process.env.BENCH_DATABASE_URL;

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
    await seedDemo(database, now);
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
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
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
      `, ${rounds} rounds each, node ${process.version}`,
  );
  console.log(
    'persona      query                    matches   API p50   API p95   SQL p50   SQL p95  ratio p50  ratio p95',
  );
  const f = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  const results: { persona: string; label: string; apiP95: number; ratioP95: number }[] = [];
  let exportCookie = '';
  for (const [persona, email] of personas) {
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'http://localhost:3000' },
      payload: { email, password: 'Relais-demo-1' },
    });
    if (signIn.statusCode !== 200) throw new Error(`sign-in ${email}: ${signIn.statusCode} ${signIn.body}`);
    const cookie = signIn.cookies.find((c) => c.name === 'relais_session');
    const me = signIn.json<{ user: { id: string }; organization: { id: string; kind: 'distributor' | 'partner' } }>();
    const actor = makeActor({
      userId: me.user.id,
      organizationId: me.organization.id,
      organizationKind: me.organization.kind,
      roles: ['admin'],
      language: null,
      via: { kind: 'session', id: 'bench' },
    });
    const headers = { cookie: `relais_session=${cookie?.value ?? ''}` };
    if (persona === 'distributor') exportCookie = headers.cookie;
    const cases: [string, Record<string, string>][] = [
      ['first page', {}],
      ['partial name search', { search: 'horizon logis' }],
      ['broad partial name (6 %)', { search: 'lumi' }],
      ['partial domain search', { search: 'c1234' }],
      ['sort by health', { sort: 'health', order: 'desc' }],
      ['sort by next expiry', { sort: 'nextExpiry' }],
    ];
    for (const [label, params] of cases) {
      const query = new URLSearchParams({ size: '50', ...params }).toString();
      const filter: SummaryFilter = normalizeFilter('customer', params);
      let matches = 0;
      const timing = await timePair(
        async () => {
          const res = await app.inject({ method: 'GET', url: `/api/v1/customers?${query}`, headers });
          if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
          matches = res.json<{ totalCount: number }>().totalCount;
        },
        () =>
          withActor(database.db, { actor, now: clock() }, async (tx) => {
            await listSummaries(tx, actor, filter, { after: null, limit: 51 });
          }),
      );
      const r50 = timing.api.p50 / timing.sql.p50;
      const r95 = timing.api.p95 / timing.sql.p95;
      results.push({ persona, label, apiP95: timing.api.p95, ratioP95: r95 });
      console.log(
        `${persona.padEnd(12)} ${label.padEnd(24)} ${String(matches).padStart(7)} ${f(timing.api.p50)} ${f(timing.api.p95)} ` +
          `${f(timing.sql.p50)} ${f(timing.sql.p95)} ${r50.toFixed(2).padStart(10)} ${r95.toFixed(2).padStart(10)}`,
      );
    }
  }
  const worst = results.reduce((a, b) => (b.apiP95 > a.apiP95 ? b : a));
  const worstRatio = results.reduce((a, b) => (b.ratioP95 > a.ratioP95 ? b : a));
  console.log(
    `worst API p95: ${worst.apiP95.toFixed(1)} ms (${worst.persona}, ${worst.label}); ` +
      `worst ratio p95: ${worstRatio.ratioP95.toFixed(2)} (${worstRatio.persona}, ${worstRatio.label})`,
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
