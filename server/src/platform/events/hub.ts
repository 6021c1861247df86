import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { rowsOf, type DatabaseHandle } from '../db/client.ts';
import { withActor } from '../db/scope.ts';
import { EVENTS_CHANNEL } from './record.ts';

/** An event as streamed to clients. */
export interface DomainEvent {
  id: string;
  occurredAt: string;
  action: string;
  organizationId: string;
  target: { type: string; id: string; label: string | null };
  actorUserId: string | null;
}

interface Subscriber {
  actor: Actor;
  send: (event: DomainEvent) => void;
}

/**
 * Fans committed events out to this instance's stream clients. Every instance LISTENs on the same channel, so an
 * event committed through any instance reaches clients of all of them. Which client may see an event is decided by
 * the database (row-level security and the visibility function), once per organisation with listeners.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private unlisten: (() => Promise<void>) | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: () => Date,
    private readonly log?: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, (id) => {
      // Deliver in commit order, one event at a time.
      this.queue = this.queue
        .then(() => this.deliver(id))
        .catch((err: unknown) => this.log?.error({ err }, 'event fan-out failed'));
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    await this.queue;
  }

  /** Registers a stream client; returns its unsubscribe function. */
  subscribe(actor: Actor, send: (event: DomainEvent) => void): () => void {
    const subscriber = { actor, send };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  private async deliver(id: string): Promise<void> {
    if (this.subscribers.size === 0) return;
    const byOrganization = new Map<string, Subscriber[]>();
    for (const s of this.subscribers) {
      const list = byOrganization.get(s.actor.organizationId) ?? [];
      list.push(s);
      byOrganization.set(s.actor.organizationId, list);
    }
    for (const group of byOrganization.values()) {
      const first = group[0];
      if (!first) continue;
      const event = await withActor(this.database.db, { actor: first.actor, now: this.clock() }, async (tx) => {
        const result = await tx.execute(sql`
          SELECT id::text AS id, occurred_at, action, organization_id, target_type, target_id, target_label, actor_user_id
            FROM events
           WHERE id = ${id}::bigint
             AND (actor_organization_id = ${first.actor.organizationId} OR relais_can_see(organization_id)
                  OR action IN ('incident.created', 'incident.updated'))`);
        return rowsOf(result)[0];
      });
      if (!event) continue;
      const payload: DomainEvent = {
        id: String(event.id),
        occurredAt: new Date(event.occurred_at as string | Date).toISOString(),
        action: String(event.action),
        organizationId: String(event.organization_id),
        target: {
          type: String(event.target_type),
          id: String(event.target_id),
          label: typeof event.target_label === 'string' ? event.target_label : null,
        },
        actorUserId: typeof event.actor_user_id === 'string' ? event.actor_user_id : null,
      };
      for (const s of group) s.send(payload);
    }
  }
}
