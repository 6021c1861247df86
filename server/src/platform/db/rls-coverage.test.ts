import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { afterCurrent, freshDatabase } from '../../../test/databases.ts';
import { rowsOf } from './client.ts';

/**
 * Tables that only system work touches (sign-in, background tasks, the HTTP layer before an actor exists): row-level
 * security is on and no policy grants relais_app anything, so a scoped transaction sees no row of them and can write
 * none. Each is here on purpose; a new table without a policy fails the test below until it is listed with its reason.
 */
const SYSTEM_ONLY: Record<string, string> = {
  event_consumers: 'the reactions’ positions in the event log, moved by the worker’s system transactions',
  idempotency_keys: 'read and written by the idempotency plugin around the request, keyed by the caller',
  rate_limits: 'the rate limiter’s shared counters, written outside any request transaction',
  relais_migrations: 'the migration ledger, written by migrate.ts as the owner',
  sign_in_throttle: 'the sign-in counters, kept before anyone is signed in',
  sso_requests: 'single sign-on states, created and consumed before anyone is signed in',
  summary_refresh_queue: 'filled by SECURITY DEFINER triggers, drained by the summary worker',
};

interface TableRow {
  name: string;
  rls: boolean;
  policies: number;
}

const { database, drop } = await freshDatabase();
afterCurrent(drop);
const tables = rowsOf<TableRow>(
  await database.db.execute(sql`
    SELECT c.relname AS name, c.relrowsecurity AS rls,
           (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
     ORDER BY c.relname`),
);

describe('every table is behind row-level security', () => {
  test('the migrated schema has the tables this test reads (the query is not silently empty)', () => {
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['organizations', 'users', 'events']));
    expect(tables.length).toBeGreaterThan(20);
  });

  test('row-level security is enabled on every table', () => {
    expect(tables.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);
  });

  test('every table has a policy, or is system-only on purpose (and then has none)', () => {
    const unexplained = tables.filter((t) => t.policies === 0 && !(t.name in SYSTEM_ONLY)).map((t) => t.name);
    expect(unexplained, 'tables without any policy: add a policy, or list them in SYSTEM_ONLY with why').toEqual([]);
    const stale = Object.keys(SYSTEM_ONLY).filter((name) => {
      const table = tables.find((t) => t.name === name);
      return !table || table.policies > 0;
    });
    expect(stale, 'SYSTEM_ONLY lists tables that are gone or now have policies').toEqual([]);
  });

  test('the request role reads nothing of a system-only table, even rows that exist', async () => {
    const seen = await database.session(async (query) => {
      await query('BEGIN');
      try {
        await query("INSERT INTO sign_in_throttle (key, failures) VALUES ('probe', 1)");
        await query('SET LOCAL ROLE relais_app');
        const counts: Record<string, number> = {};
        for (const name of Object.keys(SYSTEM_ONLY)) {
          // Refused outright (no privilege) is as good as no row: either way nothing was read.
          await query('SAVEPOINT probe');
          try {
            const { rows } = await query(`SELECT count(*)::int AS n FROM ${name}`);
            counts[name] = Number(rows[0]?.n);
          } catch (err) {
            if ((err as { code?: string }).code !== '42501') throw err;
            counts[name] = 0;
          }
          await query('ROLLBACK TO SAVEPOINT probe');
        }
        return counts;
      } finally {
        await query('ROLLBACK');
      }
    });
    expect(seen).toEqual(Object.fromEntries(Object.keys(SYSTEM_ONLY).map((name) => [name, 0])));
  });
});
