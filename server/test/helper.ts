import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../src/platform/db/client.ts';
import { unsafeSystemStatement } from '../src/platform/db/scope.ts';
import { EventHub } from '../src/platform/events/hub.ts';
import type { Resolver } from '../src/platform/http/outbound.ts';
import { startWorker } from '../src/platform/jobs/worker.ts';
import { tasks } from '../src/tasks.ts';
import { reactions } from '../src/reactions.ts';
import { afterCurrent, freshDatabase } from './databases.ts';

export const TEST_ORIGIN = 'http://localhost:3000';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  events: EventHub;
  /** The app's clock; tests move it with setNow. */
  now: () => Date;
  setNow: (date: Date) => void;
  /** Runs the background tasks (mail, summaries, expiry scans) until none finds work, at the app's clock. */
  drain: () => Promise<void>;
  /** Database URL when running on PostgreSQL (to start a second app on the same database). */
  url?: string | undefined;
}

/**
 * Host names as the tests' outbound requests see them: only `localhost`, so that no test (a fuzzed issuer…) ever asks
 * a real name server, let alone connects outside the machine.
 */
export const offlineResolver: Resolver = (host) =>
  host === 'localhost'
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    : Promise.reject(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (tests resolve no names)`), { code: 'ENOTFOUND' }),
      );

/** Builds the app in process on a fresh database, without a port; closed after the test or the file's tests. */
export async function buildTestApp(
  options: { start?: Date; config?: Partial<Config>; logger?: FastifyBaseLogger } = {},
): Promise<TestApp> {
  const { database, url, drop } = await freshDatabase();
  let current = options.start ?? new Date();
  const clock = () => current;
  const config = {
    // The tests' identity provider runs on loopback (server/test/oidc-provider.ts).
    ...loadConfig({
      PUBLIC_URL: TEST_ORIGIN,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-42',
      SSO_ALLOW_LOOPBACK: 'on',
    }),
    ...options.config,
  };
  const events = new EventHub(database, clock);
  await events.start();
  const deps = { config, database, clock, events, resolve: offlineResolver, logger: options.logger };
  const app = await buildApp(deps);
  await app.ready();
  // No timers in tests: they call drain() when they want the background work done, so nothing races an assertion.
  const worker = startWorker(deps, tasks, { timers: false });
  afterCurrent(async () => {
    await app.close();
    await events.stop();
    await drop();
  });
  const drain = async () => {
    // On PostgreSQL a reaction reads an event only once every transaction older than it has ended, in the whole
    // cluster (pg_snapshot_xmin): another test file's transaction may hold it back for a moment. Drained means every
    // reaction has gone past every committed event; until then, the worker runs again.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await worker.drain();
      const behind = await reactionsBehind(database);
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`reactions did not catch up with the event log: ${behind.join('; ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { app, database, config, events, now: clock, setNow: (d) => (current = d), drain, url };
}

/** The app's reactions that have not yet gone past every committed event, with their last error. */
async function reactionsBehind(database: DatabaseHandle): Promise<string[]> {
  const names = `{${reactions.map((r) => `"${r.name}"`).join(',')}}`;
  const result = await unsafeSystemStatement(database.db, (db) =>
    db.execute(sql`
      SELECT c.name, c.last_error FROM event_consumers c
       WHERE c.name = ANY(${names}::text[]) AND EXISTS (SELECT 1 FROM events e
                      WHERE e.txid IS NOT NULL AND (e.txid, e.id) > (c.position_txid, c.position_id))`),
  );
  return rowsOf<{ name: string; last_error: string | null }>(result).map(
    (r) => `${r.name}${r.last_error ? ` (${r.last_error})` : ''}`,
  );
}

/** Credentials of a signed-in test user, as request headers (cookie + same-origin), or a bearer token. */
export type AuthHeaders = Record<string, string>;

export async function inject(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject(options);
}

/** The parsed JSON body of a response. */
export function body<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json<T>();
}
