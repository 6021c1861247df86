import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { afterCurrent, freshDatabase, testDatabaseKind } from '../../../test/databases.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, rowsOf, type DatabaseHandle } from '../db/client.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import type { AppDeps } from '../deps.ts';
import type { EventAction } from './catalogue.ts';
import { EventHub } from './hub.ts';
import { defineReaction, runReaction, type Reaction } from './reactions.ts';
import { recordEvent, type EventInput } from './record.ts';

const { database, url, drop } = await freshDatabase();
afterCurrent(drop);
// What the reactions under test do: one row per handling, so a double handling shows as two rows.
await database.db.execute(sql`CREATE TABLE reaction_effects (reaction text NOT NULL, event_id bigint NOT NULL,
  target_id text NOT NULL, at bigserial)`);

let clock = new Date('2026-12-04T09:00:00Z');
const depsOf = (handle: DatabaseHandle): AppDeps => ({
  config: loadConfig({ PUBLIC_URL: 'http://localhost:3000', SESSION_SECRET: 'test-secret-test-secret-test-secret-42' }),
  database: handle,
  clock: () => clock,
  events: new EventHub(handle, () => clock),
});
const deps = depsOf(database);

async function record(action: EventAction, targetId: string = randomUUID()): Promise<string> {
  return unsafeSystemTransaction(database.db, (tx) =>
    // Any action, without its payload: the reactions under test read only the target.
    recordEvent(tx, { actor: null }, {
      action,
      organizationId: randomUUID(),
      target: { type: 'test', id: targetId },
    } as unknown as EventInput),
  );
}

/** A reaction that writes one effect row per event it handles, and may be told to fail or wait first. */
function recorder(name: string, actions: EventAction[], before?: (eventId: string) => Promise<void>): Reaction {
  return defineReaction({
    name,
    actions,
    handle: async ({ tx }, event) => {
      await tx.execute(
        sql`INSERT INTO reaction_effects (reaction, event_id, target_id) VALUES (${name}, ${event.id}, ${event.target.id})`,
      );
      await before?.(event.id);
    },
  });
}

async function effects(name: string): Promise<{ eventId: string; targetId: string }[]> {
  const rows = rowsOf<{ event_id: string; target_id: string }>(
    await database.db.execute(
      sql`SELECT event_id::text, target_id FROM reaction_effects WHERE reaction = ${name} ORDER BY at`,
    ),
  );
  return rows.map((r) => ({ eventId: r.event_id, targetId: r.target_id }));
}

async function consumer(name: string) {
  const [row] = rowsOf<{ failures: number; last_error: string | null; retry_at: Date | string | null }>(
    await database.db.execute(sql`SELECT failures, last_error, retry_at FROM event_consumers WHERE name = ${name}`),
  );
  return row;
}

/** Runs the reaction until it finds nothing more: what the worker does, without its timers. */
async function drainReaction(reaction: Reaction, handle: AppDeps = deps): Promise<void> {
  for (let round = 0; round < 50; round++) if ((await runReaction(handle, reaction, clock)) === 0) return;
  throw new Error('the reaction still finds events after 50 rounds');
}

describe('reactions to domain events', () => {
  test('each committed event of its actions is handled once, in order, from the moment the reaction starts', async () => {
    const reaction = recorder('ordered', ['token.created', 'token.revoked']);
    await record('token.created', 'before-start');
    await drainReaction(reaction);
    const first = await record('token.created', 'one');
    await record('auth.signed_in', 'not-wanted');
    const second = await record('token.revoked', 'two');
    await drainReaction(reaction);
    await drainReaction(reaction);
    expect(await effects('ordered')).toEqual([
      { eventId: first, targetId: 'one' },
      { eventId: second, targetId: 'two' },
    ]);
  });

  test('a failure undoes the effect and the position: retried after a backoff, the effect happens once', async () => {
    let failNext = true;
    const reaction = recorder('flaky', ['operator.invited'], () => {
      if (!failNext) return Promise.resolve();
      failNext = false;
      return Promise.reject(new Error('the mail service is down'));
    });
    await drainReaction(reaction);
    const id = await record('operator.invited', 'invitee');
    expect(await runReaction(deps, reaction, clock)).toBe(0);
    expect(await effects('flaky')).toEqual([]);
    expect(await consumer('flaky')).toMatchObject({ failures: 1, last_error: 'the mail service is down' });

    // Before its retry time nothing runs, even though the cause is gone.
    expect(await runReaction(deps, reaction, clock)).toBe(0);
    expect(await effects('flaky')).toEqual([]);

    clock = new Date(clock.getTime() + 60_000);
    await drainReaction(reaction);
    expect(await effects('flaky')).toEqual([{ eventId: id, targetId: 'invitee' }]);
    expect(await consumer('flaky')).toMatchObject({ failures: 0, last_error: null, retry_at: null });
  });

  test('two workers running the same reaction at once: every event is handled exactly once', async () => {
    const second = url ? await openDatabase({ url, poolSize: 3 }) : database;
    if (url) afterCurrent(() => second.close());
    const reaction = recorder('shared', ['servicerequest.created']);
    await drainReaction(reaction);
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await record('servicerequest.created', `request-${String(i)}`));
    const worker = async (handle: AppDeps) => {
      // A worker stops once it finds nothing twice in a row (the other may hold the reaction for a moment).
      for (let idle = 0; idle < 2;) idle = (await runReaction(handle, reaction, clock)) === 0 ? idle + 1 : 0;
    };
    await Promise.all([worker(deps), worker(depsOf(second))]);
    await drainReaction(reaction);
    expect((await effects('shared')).map((e) => e.eventId)).toEqual(ids);
  });
});

if (testDatabaseKind === 'postgres' && url) {
  describe('reactions on PostgreSQL, with real concurrency', () => {
    test('an event whose transaction commits after a later one is not skipped, and comes first', async () => {
      const reaction = recorder('late', ['subscription.created']);
      await drainReaction(reaction);
      const slow = new pg.Client({ connectionString: url });
      await slow.connect();
      afterCurrent(() => slow.end());
      await slow.query('BEGIN');
      const { rows } = await slow.query<{ id: string }>(
        `INSERT INTO events (action, organization_id, target_type, target_id)
         VALUES ('subscription.created', $1, 'test', 'slow') RETURNING id::text`,
        [randomUUID()],
      );
      const quick = await record('subscription.created', 'quick');
      await drainReaction(reaction);
      // The slow transaction is still open: the quick event, though committed, waits for it.
      expect(await effects('late')).toEqual([]);
      await slow.query('COMMIT');
      await drainReaction(reaction);
      expect(await effects('late')).toEqual([
        { eventId: rows[0]?.id, targetId: 'slow' },
        { eventId: quick, targetId: 'quick' },
      ]);
    });

    test('a worker whose connection dies between the effect and the commit: the effect happens once', async () => {
      let crashNext = true;
      let reached!: (pid: number) => void;
      const inHandler = new Promise<number>((resolve) => (reached = resolve));
      const reaction = defineReaction({
        name: 'crashing',
        actions: ['operator.removed'],
        handle: async ({ tx }, event) => {
          await tx.execute(
            sql`INSERT INTO reaction_effects (reaction, event_id, target_id) VALUES ('crashing', ${event.id}, ${event.target.id})`,
          );
          if (!crashNext) return;
          crashNext = false;
          const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`SELECT pg_backend_pid() AS pid`));
          reached(Number(row?.pid));
          // The process "dies" here: its connection is killed from outside while the transaction is open.
          await tx.execute(sql`SELECT pg_sleep(30)`);
        },
      });
      await drainReaction(reaction);
      const id = await record('operator.removed', 'gone');
      const run = runReaction(deps, reaction, clock);
      const pid = await inHandler;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      expect(await run).toBe(0);
      expect(await effects('crashing')).toEqual([]);

      clock = new Date(clock.getTime() + 60_000);
      await drainReaction(reaction);
      expect(await effects('crashing')).toEqual([{ eventId: id, targetId: 'gone' }]);
    });
  });
}
