import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import type { EventAction, EventChanges } from './catalogue.ts';

export const EVENTS_CHANNEL = 'relais_events';

/** An event to record: an action of the catalogue (catalogue.ts, which also says who may hear of it) and its payload. */
export type EventInput<A extends EventAction = EventAction> = {
  [K in A]: {
    action: K;
    /** The organisation the change concerns: the event is in its audit log (and in the actor's organisation's). */
    organizationId: string;
    target: { type: string; id: string; label?: string | null };
  } & (EventChanges[K] extends null ? { changes?: null } : { changes: EventChanges[K] });
}[A];

export interface EventContext {
  actor: Pick<Actor, 'userId' | 'organizationId'> | null;
  requestId?: string | undefined;
}

/**
 * Appends a domain event in the caller's transaction and notifies listeners at commit (NOTIFY is transactional),
 * so an event is streamed if and only if its change was committed.
 */
export async function recordEvent<A extends EventAction>(
  tx: Tx,
  context: EventContext,
  input: EventInput<A>,
): Promise<string> {
  const result = await tx.execute(sql`
    WITH e AS (
      INSERT INTO events (action, actor_user_id, actor_organization_id, organization_id, target_type, target_id,
                          target_label, changes, request_id, occurred_at)
      VALUES (${input.action}, ${context.actor?.userId ?? null}, ${context.actor?.organizationId ?? null},
              ${input.organizationId}, ${input.target.type}, ${input.target.id}, ${input.target.label ?? null},
              ${input.changes ? JSON.stringify(input.changes) : null}::jsonb, ${context.requestId ?? null}, relais_now())
      RETURNING id
    )
    SELECT id::text AS id, pg_notify(${EVENTS_CHANNEL}, id::text) FROM e`);
  const id = rowsOf<{ id: string }>(result)[0]?.id;
  if (!id) throw new Error('event insert returned no id');
  return id;
}
