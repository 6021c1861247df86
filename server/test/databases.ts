import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, onTestFinished, TestRunner } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';

/** Which database this test run uses: vitest runs every server test once per project (see vitest.config.ts). */
export const testDatabaseKind = (process.env.RELAIS_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Runs fn once the current test is over when called inside a test, else after the file's tests. (A hook registered
 * with afterAll from inside a running test is never run: the databases of such tests were left behind.)
 */
export function afterCurrent(fn: () => Promise<void>): void {
  if (TestRunner.getCurrentTest()) onTestFinished(fn);
  else afterAll(fn);
}

/** A fresh, migrated database for one test file: PGlite in memory, or a new PostgreSQL database dropped at the end. */
export async function freshDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ database: DatabaseHandle; url?: string; drop: () => Promise<void> }> {
  if (testDatabaseKind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `relais_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  if (options.migrated !== false) await migrate(database);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const again = new pg.Client({ connectionString: postgresAdminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
