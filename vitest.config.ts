import net from 'node:net';
import { defineConfig } from 'vitest/config';

// Server tests run once on PGlite, always, and once more on PostgreSQL when it is reachable.
// Under CI a missing PostgreSQL is a failure, never a silent skip.
const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

export default defineConfig(async () => {
  const hasPostgres = await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432));
  if (!hasPostgres && process.env.CI) {
    throw new Error(`CI is set and PostgreSQL is not reachable at ${postgresUrl.host}: refusing to skip its tests.`);
  }
  if (!hasPostgres) console.warn(`PostgreSQL not reachable at ${postgresUrl.host}: server tests run on PGlite only.`);
  const project = (name: 'pglite' | 'postgres') => ({
    test: {
      name,
      include: ['server/**/*.test.ts'],
      env: { RELAIS_TEST_DB: name, TEST_POSTGRES_URL: postgresUrl.toString() },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
  return {
    test: {
      projects: [project('pglite'), ...(hasPostgres ? [project('postgres')] : [])],
    },
  };
});
