// Organisation list benchmark: seeds customers, then times GET /api/v1/organizations in process (app.inject) for a
// distributor and a partner, next to the same SQL run directly, and prints p50/p95 and their ratio.
//   npm run bench                      PostgreSQL when reachable (127.0.0.1:5432), 100,000 customers
//   BENCH_DB=pglite BENCH_CUSTOMERS=20000 npm run bench
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase, rowsOf, type DatabaseHandle } from '../server/src/platform/db/client.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { withActor } from '../server/src/platform/db/scope.ts';
import { makeActor } from '../server/src/platform/access/actor.ts';
import { EventHub } from '../server/src/platform/events/hub.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { seedScale } from '../server/src/seed/scale.ts';

const kind = process.env.BENCH_DB ?? 'postgres';
const customers = Number(process.env.BENCH_CUSTOMERS ?? (kind === 'postgres' ? 100_000 : 20_000));
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function open(): Promise<{ database: DatabaseHandle; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, cleanup: () => database.close() };
  }
  const name = `relais_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    cleanup: async () => {
      await database.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const { database, cleanup } = await open();
try {
  await migrate(database);
  const now = new Date();
  await seedDemo(database, now);
  const seedStart = performance.now();
  await seedScale(database, customers, { now });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  if (database.kind === 'postgres') await database.db.execute(sql`ANALYZE`);

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
    `Relais organisation list benchmark — ${database.kind}, ${customers} generated customers (seeded in ${seedSeconds.toFixed(1)} s), ${rounds} rounds`,
  );
  console.log('persona       query                visible   API p50   API p95   SQL p50   SQL p95   ratio p95');
  for (const [persona, email] of personas) {
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'http://localhost:3000' },
      payload: { email, password: 'Relais-demo-1' },
    });
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
    for (const [label, query, search] of [
      ['first page', 'size=50', null],
      ['partial name search', 'size=50&search=lumi', 'lumi'],
      ['partial domain', 'size=50&search=c12', 'c12'],
    ] as const) {
      let visible = 0;
      const api = await time(async () => {
        const res = await app.inject({ method: 'GET', url: `/api/v1/organizations?${query}`, headers });
        if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
        visible = res.json<{ totalCount: number }>().totalCount;
      });
      const filter = search
        ? sql`AND (o.name ILIKE ${`%${search}%`} OR o.primary_domain ILIKE ${`%${search}%`})`
        : sql``;
      const direct = await time(() =>
        withActor(database.db, { actor, now: clock() }, async (tx) => {
          const visibleSql = sql`o.id IN (SELECT visible_organization_ids(${actor.organizationId}::uuid))`;
          rowsOf(
            await tx.execute(
              sql`SELECT o.* FROM organizations o WHERE ${visibleSql} ${filter} ORDER BY o.name, o.id LIMIT 51`,
            ),
          );
          rowsOf(await tx.execute(sql`SELECT count(*)::int FROM organizations o WHERE ${visibleSql} ${filter}`));
        }),
      );
      const f = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
      console.log(
        `${persona.padEnd(13)} ${label.padEnd(20)} ${String(visible).padStart(7)} ${f(api.p50)} ${f(api.p95)} ${f(direct.p50)} ${f(direct.p95)} ${(api.p95 / direct.p95).toFixed(2).padStart(10)}`,
      );
    }
  }
  await app.close();
} finally {
  await cleanup();
}
