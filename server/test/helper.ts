import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { DatabaseHandle } from '../src/platform/db/client.ts';
import { EventHub } from '../src/platform/events/hub.ts';
import type { Resolver } from '../src/platform/http/outbound.ts';
import { startWorker } from '../src/platform/jobs/worker.ts';
import { tasks } from '../src/tasks.ts';
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
  return { app, database, config, events, now: clock, setNow: (d) => (current = d), drain: () => worker.drain(), url };
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
