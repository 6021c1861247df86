import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { unsafeSystemTransaction, type SystemTx } from '../db/scope.ts';
import type { AppDeps } from '../deps.ts';
import type { Task } from '../jobs/worker.ts';
import type { EventAction, EventChanges } from './catalogue.ts';

/**
 * Reactions: how one feature acts on what another recorded, without the other calling it. A reaction names the
 * actions it cares about and handles each committed event once, in order, in a transaction of its own that also
 * moves its position in the log — so its database effects (a notification row, a mail in the outbox, another event)
 * happen exactly once: a crash or an error before the commit undoes both the effects and the move, and the event is
 * handled again. Effects outside the database must therefore go through the database (the mail outbox).
 *
 * Several workers may run: a reaction's position row is taken FOR UPDATE SKIP LOCKED, so one worker at a time
 * handles it and the others go on with other reactions. The order is commit-safe (migration 0013): an event is read
 * only once every transaction older than it has finished, so one that commits late is never skipped.
 */

export interface ReactionEvent<A extends EventAction = EventAction> {
  id: string;
  action: A;
  occurredAt: Date;
  organizationId: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  target: { type: string; id: string; label: string | null };
  /** The payload recorded with the action (catalogue.ts, EventChanges). */
  changes: EventChanges[A];
  requestId: string | null;
}

export interface ReactionContext {
  /** The reaction's transaction (system: it acts for no signed-in person); its writes commit with the new position. */
  tx: SystemTx;
  now: Date;
  deps: AppDeps;
}

export interface Reaction<A extends EventAction = EventAction> {
  /** Its position in the log is kept under this name: never rename a reaction that has run. */
  name: string;
  actions: readonly A[];
  handle(ctx: ReactionContext, event: ReactionEvent<A>): Promise<void>;
}

/** Declares a reaction; the action names are checked against the catalogue and narrow the handler's event. */
export function defineReaction<A extends EventAction>(reaction: Reaction<A>): Reaction<A> {
  return reaction;
}

/**
 * Places these reactions at the beginning of the log, for a database just seeded (the demo): they then react to the
 * seed's events and to those of the first run of the tasks, where by default a reaction starts after what is
 * committed when it first runs.
 */
export async function startFromBeginning(tx: SystemTx, reactions: readonly Reaction[]): Promise<void> {
  for (const reaction of reactions) {
    await tx.execute(sql`
      INSERT INTO event_consumers (name, position_txid, position_id)
      VALUES (${reaction.name}, '0'::xid8, 0)
      ON CONFLICT (name) DO NOTHING`);
  }
}

const BATCH = 200;
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Handles the next events of one reaction; returns how many events of the log it went past (0: nothing to do, or
 * another worker holds it, or it waits after a failure). A failure rolls the batch back, is recorded on the
 * consumer's row and retried later: an event is never skipped.
 */
export async function runReaction(deps: AppDeps, reaction: Reaction, now: Date): Promise<number> {
  const wanted = new Set<string>(reaction.actions);
  try {
    return await unsafeSystemTransaction(
      deps.database.db,
      async (tx) => {
        // A new reaction starts after what is committed now: it reacts to what happens from here on.
        await tx.execute(sql`
          INSERT INTO event_consumers (name, position_txid, position_id)
          SELECT ${reaction.name}, coalesce(max(e.txid), '0'::xid8), coalesce(max(e.id), 0)
            FROM (SELECT txid, id FROM events
                   WHERE txid IS NOT NULL AND txid < pg_snapshot_xmin(pg_current_snapshot())
                   ORDER BY txid DESC, id DESC LIMIT 1) e
          ON CONFLICT (name) DO NOTHING`);
        const [consumer] = rowsOf<{ txid: string; id: string; retry_at: Date | string | null }>(
          await tx.execute(sql`
            SELECT position_txid::text AS txid, position_id::text AS id, retry_at
              FROM event_consumers WHERE name = ${reaction.name}
               FOR UPDATE SKIP LOCKED`),
        );
        if (!consumer) return 0;
        if (consumer.retry_at && new Date(consumer.retry_at) > now) return 0;
        const rows = rowsOf<Record<string, unknown>>(
          await tx.execute(sql`
            SELECT id::text AS event_id, txid::text AS event_txid, action, occurred_at, organization_id, actor_user_id,
                   actor_organization_id, target_type, target_id, target_label, changes, request_id
              FROM events
             WHERE txid IS NOT NULL
               AND (txid, id) > (${consumer.txid}::xid8, ${consumer.id}::bigint)
               AND txid < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY events.txid, events.id
             LIMIT ${BATCH}`),
        );
        for (const row of rows) {
          if (!wanted.has(String(row.action))) continue;
          await reaction.handle({ tx, now, deps }, eventOf(row));
        }
        const last = rows[rows.length - 1];
        if (last) {
          await tx.execute(sql`
            UPDATE event_consumers
               SET position_txid = ${String(last.event_txid)}::xid8, position_id = ${String(last.event_id)}::bigint,
                   failures = 0, last_error = NULL, retry_at = NULL, updated_at = ${now.toISOString()}::timestamptz
             WHERE name = ${reaction.name}`);
        }
        return rows.length;
      },
      now,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.logger?.error({ err, reaction: reaction.name }, 'reaction failed; its events will be handled again');
    // Retried after 5 s, 10 s, 20 s… up to 15 minutes after failures in a row.
    await unsafeSystemTransaction(deps.database.db, (tx) =>
      tx.execute(sql`
        UPDATE event_consumers
           SET failures = failures + 1, last_error = ${message.slice(0, 2000)},
               retry_at = ${now.toISOString()}::timestamptz
                          + make_interval(secs => least(${MAX_BACKOFF_MS / 1000}, 5 * 2 ^ failures)),
               updated_at = ${now.toISOString()}::timestamptz
         WHERE name = ${reaction.name}`),
    );
    return 0;
  }
}

function eventOf(row: Record<string, unknown>): ReactionEvent {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: String(row.event_id),
    action: String(row.action) as EventAction,
    occurredAt: new Date(row.occurred_at as string | Date),
    organizationId: String(row.organization_id),
    actorUserId: text(row.actor_user_id),
    actorOrganizationId: text(row.actor_organization_id),
    target: { type: String(row.target_type), id: String(row.target_id), label: text(row.target_label) },
    // Written by recordEvent, whose type requires the action's payload.
    changes: (typeof row.changes === 'string'
      ? JSON.parse(row.changes)
      : (row.changes ?? null)) as EventChanges[EventAction],
    requestId: text(row.request_id),
  };
}

/** The worker task that runs every reaction of the list in turn. */
export function reactionsTask(reactions: readonly Reaction[]): Task {
  return {
    name: 'event-reactions',
    everyMs: 1_000,
    run: async (deps, now) => {
      let handled = 0;
      for (const reaction of reactions) handled += await runReaction(deps, reaction, now);
      return handled;
    },
  };
}
