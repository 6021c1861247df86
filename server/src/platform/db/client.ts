import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
// No relational schema is given to Drizzle: queries name their tables (server/src/schema.ts lists them for drizzle-kit).
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle, as given to repositories. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The rows of a raw `tx.execute(sql…)`, the same shape on both drivers. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type RawQuery = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** One database, embedded (PGlite) or PostgreSQL, behind the same surface. */
export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs fn on one connection held for its whole duration (migrations, advisory locks). */
  session<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on a channel; resolves to the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set PGlite is not used. */
  url?: string | undefined;
  /** PGlite data directory, or 'memory://' for a throw-away database. */
  dataDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  // The same extensions as migration 0003 creates on PostgreSQL (search: trigrams, accent folding).
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent } });
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    // PGlite is one connection already; its own mutex serialises callers.
    session: (fn) => fn((text, params) => client.query<Record<string, unknown>>(text, params)),
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return unlisten;
    },
    close: () => client.close(),
  };
}

// How many statements each connection keeps prepared: far more than the application has hot ones (a few dozen), so
// that a text the code builds with a varying shape (an IN list of n items) cannot fill the server's memory.
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

/**
 * A stable name for a statement's text: a hash, so the same on every connection and after the map below is emptied
 * (it only spares hashing a text again, and is emptied whole once it holds 2,000).
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `relais_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    if (statementNames.size >= PREPARED_PER_CONNECTION * 4) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Every parameterised statement goes as a named prepared statement (issue 13 §2). Drizzle sends unnamed ones, which
 * PostgreSQL parses, analyses and plans again on each execution — 0.3 to 3 ms of a list request that runs in 1 to 2.
 * Named, a connection parses a statement once and, after five executions, PostgreSQL keeps a generic plan when it
 * costs no more than the custom ones (plan_cache_mode auto), so planning is paid once. node-postgres remembers which
 * names each connection has prepared. Statements without parameters (BEGIN, COMMIT, the worker's batches) stay on
 * the simple protocol. A hand-written hook rather than Drizzle's .prepare(), which takes placeholders in place of
 * values and would change every query of the code base; this covers them all at once.
 */
function prepareStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = new Set<string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => {
    // Drizzle calls query(config, values); node-postgres also takes the values inside the config.
    const values = Array.isArray(rest[0]) ? rest[0] : (config as { values?: unknown } | null)?.values;
    if (
      typeof config === 'object' &&
      config !== null &&
      'text' in config &&
      typeof config.text === 'string' &&
      !('name' in config && config.name) &&
      Array.isArray(values) &&
      values.length > 0
    ) {
      const name = statementName(config.text);
      if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
        prepared.add(name);
        return query({ ...config, name }, ...rest);
      }
    }
    return query(config, ...rest);
  };
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL pool: ${err.message}`));
  // Nor a connection that dies while checked out (the server restarted, an administrator killed it): its query
  // fails and the caller sees that error; without a listener the client's 'error' event would end the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => process.emitWarning(`PostgreSQL connection: ${err.message}`));
    prepareStatements(client);
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db,
    session: async (fn) => {
      const conn = await pool.connect();
      try {
        return await fn((text, params) => conn.query(text, params));
      } finally {
        conn.release();
      }
    },
    listen: async (channel, onPayload) => {
      const listener = new pg.Client({ connectionString: url });
      listener.on('error', (err) => process.emitWarning(`PostgreSQL listener: ${err.message}`));
      await listener.connect();
      listener.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
      });
      await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(listener);
      return async () => {
        listeners.splice(listeners.indexOf(listener), 1);
        await listener.end();
      };
    },
    close: async () => {
      await Promise.all(listeners.splice(0).map((l) => l.end()));
      await pool.end();
    },
  };
}
