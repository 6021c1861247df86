import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../core/tenancy/actor.ts';
import { rowsOf, type DatabaseHandle } from '../db/client.ts';
import { unsafeSystemStatement, withActor } from '../db/scope.ts';
import { audienceOf } from './catalogue.ts';
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

interface StoredEvent extends DomainEvent {
  actorOrganizationId: string | null;
}

interface Subscriber {
  actor: Actor;
  send: (event: DomainEvent) => void;
  /** Ends the client's stream: its session or its access ended. */
  end: () => void;
}

/**
 * Actions after which a subscriber's stream must not go on: its session was closed, its token revoked, its user
 * removed or given other roles (the stream was opened with the old ones; the client reconnects as who it is now).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ENDS_ACCESS = new Set(['auth.signed_out', 'token.revoked', 'operator.removed', 'operator.roles_changed']);

/** What an organisation outside the event's audit log receives: enough to refresh a list, nothing about who or what. */
function noticeOf(event: DomainEvent, keepTarget: boolean): DomainEvent {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    action: event.action,
    organizationId: event.organizationId,
    target: keepTarget
      ? { type: event.target.type, id: event.target.id, label: null }
      : { type: 'organization', id: event.organizationId, label: null },
    actorUserId: null,
  };
}

/**
 * Fans committed events out to this instance's stream clients. Every instance LISTENs on the same channel, so an
 * event committed through any instance reaches clients of all of them. Who receives what is decided by the event's
 * audience (catalogue.ts): whole to the readers of the audit log it belongs to, as a notice to the others the audience
 * names, nothing to anyone else.
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

  /** Registers a stream client; returns its unsubscribe function. `end` closes the client's stream. */
  subscribe(actor: Actor, send: (event: DomainEvent) => void, end: () => void = () => undefined): () => void {
    const subscriber = { actor, send, end };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Resolves once every event notified so far has been delivered (tests wait on it instead of sleeping). */
  async settled(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  private async deliver(id: string): Promise<void> {
    if (this.subscribers.size === 0) return;
    const event = await this.readAsOwner(id);
    if (!event) return;
    const audience = audienceOf(event.action);
    const byOrganization = new Map<string, Subscriber[]>();
    for (const s of this.subscribers) {
      const list = byOrganization.get(s.actor.organizationId) ?? [];
      list.push(s);
      byOrganization.set(s.actor.organizationId, list);
    }
    const { actorOrganizationId, ...whole } = event;
    for (const [organizationId, group] of byOrganization) {
      const inAuditLog = organizationId === event.organizationId || organizationId === actorOrganizationId;
      if (inAuditLog) {
        // The stream says no more than the audit log would to the same person.
        for (const s of group) s.send(s.actor.permissions.has('auditlog.read') ? whole : noticeOf(whole, false));
      } else if (audience === 'everyone') {
        for (const s of group) s.send(noticeOf(whole, true));
      } else if (audience === 'viewers' && (await this.sees(group, event.organizationId))) {
        for (const s of group) s.send(noticeOf(whole, false));
      } else if (audience === 'recipients' && (await this.reaches(group, event.target.id))) {
        for (const s of group) s.send(noticeOf(whole, true));
      }
    }
    if (ENDS_ACCESS.has(event.action)) this.endAccess(event.target.id);
  }

  /** Whether the group's organisation sees the concerned one now, asked under its own actor (visibility, §2). */
  private async sees(group: Subscriber[], organizationId: string): Promise<boolean> {
    const first = group[0];
    if (!first) return false;
    return withActor(this.database.db, { actor: first.actor, now: this.clock() }, async (tx) => {
      const result = await tx.execute(sql`SELECT relais_can_see(${organizationId}::uuid) AS visible`);
      return rowsOf<{ visible: boolean }>(result)[0]?.visible === true;
    });
  }

  /**
   * Whether a Notification Center item (the event's target) reaches the group's organisation, asked under its own
   * actor, published or withdrawn alike: a withdrawal is heard by those who had the item.
   */
  private async reaches(group: Subscriber[], itemId: string): Promise<boolean> {
    const first = group[0];
    if (!first || !UUID.test(itemId)) return false;
    return withActor(this.database.db, { actor: first.actor, now: this.clock() }, async (tx) => {
      const result = await tx.execute(sql`SELECT relais_notification_reaches(${itemId}::uuid) AS reached`);
      return rowsOf<{ reached: boolean }>(result)[0]?.reached === true;
    });
  }

  /** Ends the streams opened by the session, token or user an event ended (their target). */
  private endAccess(targetId: string): void {
    for (const s of this.subscribers) {
      if (s.actor.userId === targetId || s.actor.via.id === targetId) {
        this.subscribers.delete(s);
        s.end();
      }
    }
  }

  /**
   * The notified event, read once for every group: the hub decides from its audience who may receive it, so it reads
   * the row as the owner. Row-level security on `events` lets a request read only its own audit log's rows.
   */
  private async readAsOwner(id: string): Promise<StoredEvent | undefined> {
    const result = await unsafeSystemStatement(this.database.db, (db) =>
      db.execute(sql`
        SELECT id::text AS id, occurred_at, action, organization_id, actor_organization_id, target_type, target_id,
               target_label, actor_user_id
          FROM events
         WHERE id = ${id}::bigint`),
    );
    const row = rowsOf(result)[0];
    if (!row) return undefined;
    return {
      id: String(row.id),
      occurredAt: new Date(row.occurred_at as string | Date).toISOString(),
      action: String(row.action),
      organizationId: String(row.organization_id),
      actorOrganizationId: typeof row.actor_organization_id === 'string' ? row.actor_organization_id : null,
      target: {
        type: String(row.target_type),
        id: String(row.target_id),
        label: typeof row.target_label === 'string' ? row.target_label : null,
      },
      actorUserId: typeof row.actor_user_id === 'string' ? row.actor_user_id : null,
    };
  }
}
