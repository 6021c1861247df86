import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Db, type Tx } from './client.ts';

/** What a scoped transaction needs to know of the request: who acts, and (in tests) what time it is. */
export interface Scope {
  actor: Actor;
  now?: Date | undefined;
  /**
   * The actor came from the session cache, not from a lookup of this request: the transaction confirms, in its first
   * statement, that the session still stands for exactly this actor (relais_session_holds, migration 0007), and
   * throws SessionNotConfirmed, before fn runs, if it does not.
   */
  confirmSession?: { at: Date; idleSince: Date } | undefined;
}

/** The cached session no longer stands for the actor: the transaction was rolled back before any work. */
export class SessionNotConfirmed extends Error {
  constructor() {
    super('the cached session was not confirmed');
  }
}

/**
 * Runs fn in a transaction that has switched to the non-superuser role relais_app and carries the actor, so that
 * row-level security applies to every statement even if a repository forgot its own filter.
 */
export async function withActor<T>(db: Db, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { actor, now, confirmSession } = scope;
  return db.transaction(async (tx) => {
    const result = await tx.execute(sql`SELECT set_config('role', 'relais_app', true),
      set_config('relais.actor_org', ${actor.organizationId}, true),
      set_config('relais.actor_kind', ${actor.organizationKind}, true),
      set_config('relais.actor_user', ${actor.userId}, true),
      set_config('relais.now', ${now ? now.toISOString() : ''}, true),
      ${confirmSession ? sessionHolds(actor, confirmSession) : sql`true`} AS confirmed`);
    if (rowsOf<{ confirmed: boolean }>(result)[0]?.confirmed !== true) throw new SessionNotConfirmed();
    return fn(tx);
  });
}

function sessionHolds(actor: Actor, { at, idleSince }: { at: Date; idleSince: Date }) {
  // Role names are identifiers from a fixed list (roles.ts), so the array literal needs no quoting.
  const roles = `{${actor.roles.join(',')}}`;
  return sql`relais_session_holds(${actor.via.id}::uuid, ${actor.userId}::uuid, ${actor.organizationId}::uuid,
    ${roles}::text[], ${actor.language}::text, ${at.toISOString()}::timestamptz, ${idleSince.toISOString()}::timestamptz)`;
}

declare const system: unique symbol;

/**
 * A transaction, or the database outside one, as the owner role: row-level security does not apply. Only the two
 * entry points below hand one out, and repository functions that must not run under an actor's scope take one
 * (`tx: SystemTx`): typecheck keeps them out of a request's scoped transaction, which is a plain `Tx`. A SystemTx is
 * still a Tx, so everything else accepts it.
 */
export type SystemTx = Tx & { readonly [system]: true };
export type SystemDb = Db & { readonly [system]: true };

/**
 * A transaction as the owner role, bypassing row-level security: for what happens before an actor exists or for no
 * actor — sign-in and sign-out, the session and token lookup, public links (invitations, activation, single sign-on),
 * seeding, background tasks and reactions. Every call is an entry point listed in ARCHITECTURE.md ("System work").
 */
export async function unsafeSystemTransaction<T>(db: Db, fn: (tx: SystemTx) => Promise<T>, now?: Date): Promise<T> {
  return db.transaction(async (tx) => {
    if (now) await tx.execute(sql`SELECT set_config('relais.now', ${now.toISOString()}, true)`);
    return fn(tx as SystemTx);
  });
}

/**
 * One statement as the owner role, outside any transaction: for the session and token lookup that precedes every
 * authenticated request, where BEGIN and COMMIT around a single read would triple its round trips. A statement runs
 * atomically on its own; anything that needs two statements uses unsafeSystemTransaction.
 */
export async function unsafeSystemStatement<T>(db: Db, fn: (db: SystemDb) => Promise<T>): Promise<T> {
  return fn(db as SystemDb);
}
