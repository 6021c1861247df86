import { sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { Db, Tx } from './client.ts';

/** What a scoped transaction needs to know of the request: who acts, and (in tests) what time it is. */
export interface Scope {
  actor: Actor;
  now?: Date | undefined;
}

/**
 * Runs fn in a transaction that has switched to the non-superuser role relais_app and carries the actor, so that
 * row-level security applies to every statement even if a repository forgot its own filter.
 */
export async function withActor<T>(db: Db, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { actor, now } = scope;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('role', 'relais_app', true),
      set_config('relais.actor_org', ${actor.organizationId}, true),
      set_config('relais.actor_kind', ${actor.organizationKind}, true),
      set_config('relais.actor_user', ${actor.userId}, true),
      set_config('relais.now', ${now ? now.toISOString() : ''}, true)`);
    return fn(tx);
  });
}

/**
 * A transaction as the owner role, bypassing row-level security. For the few reads that happen before an actor
 * exists (sign-in, session lookup) and for seeding: callers are named unsafe… so they can be reviewed by grep.
 */
export async function unsafeSystemTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, now?: Date): Promise<T> {
  return db.transaction(async (tx) => {
    if (now) await tx.execute(sql`SELECT set_config('relais.now', ${now.toISOString()}, true)`);
    return fn(tx);
  });
}

/**
 * One statement as the owner role, outside any transaction: for the session and token lookup that precedes every
 * authenticated request, where BEGIN and COMMIT around a single read would triple its round trips. A statement runs
 * atomically on its own; anything that needs two statements uses unsafeSystemTransaction.
 */
export async function unsafeSystemStatement<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return fn(db);
}
