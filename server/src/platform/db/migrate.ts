import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { DatabaseHandle } from './client.ts';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Any fixed number: the advisory lock that serialises migrations across instances starting together.
const MIGRATION_LOCK = 7_341_004;

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock. Drizzle's own migrator takes no
 * lock, so two instances starting on one database could both apply the same file; this one is a few lines more and
 * safe. Files are still read and hashed by drizzle (readMigrationFiles). Returns the tags applied.
 */
export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const journal = (await import(path.join(migrationsFolder, 'meta/_journal.json'), { with: { type: 'json' } })) as {
    default: { entries: { tag: string; when: number }[] };
  };
  const tagOf = new Map(journal.default.entries.map((e) => [e.when, e.tag]));
  return handle.session(async (query) => {
    await query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await query(`CREATE TABLE IF NOT EXISTS relais_migrations (
        hash text PRIMARY KEY, tag text NOT NULL, created_at bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await query('SELECT hash FROM relais_migrations')).rows.map((r) => String(r.hash)));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.hash)) continue;
        const tag = tagOf.get(m.folderMillis) ?? String(m.folderMillis);
        await query('BEGIN');
        try {
          for (const statement of m.sql) if (statement.trim()) await query(statement);
          await query('INSERT INTO relais_migrations (hash, tag, created_at) VALUES ($1, $2, $3)', [
            m.hash,
            tag,
            m.folderMillis,
          ]);
          await query('COMMIT');
        } catch (err) {
          await query('ROLLBACK');
          throw new Error(`Migration ${tag} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(tag);
      }
      return applied;
    } finally {
      await query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** True when every migration file has been applied (for /readyz). */
export async function migrationsApplied(handle: DatabaseHandle): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).map((m) => m.hash);
  const rows = await handle.session((query) =>
    query("SELECT hash FROM relais_migrations WHERE to_regclass('relais_migrations') IS NOT NULL"),
  );
  const done = new Set(rows.rows.map((r) => String(r.hash)));
  return expected.every((h) => done.has(h));
}
