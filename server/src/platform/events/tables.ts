import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** PostgreSQL's 64-bit transaction id, as text (it exceeds a JavaScript number). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/** The domain event log: written in the same transaction as the change; the audit trail and the stream read it. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorOrganizationId: uuid('actor_organization_id'),
    // The organisation the change concerns: decides who may see the event.
    organizationId: uuid('organization_id').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    targetLabel: text('target_label'),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    // The writing transaction: reactions read events in commit-safe order by it (migration 0013).
    txid: xid8('txid').default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('events_organization_idx').on(t.organizationId, t.id),
    index('events_actor_organization_idx').on(t.actorOrganizationId, t.id),
    index('events_txid_idx')
      .on(t.txid, t.id)
      .where(sql`${t.txid} IS NOT NULL`),
  ],
);

/** Where each reaction stands in the event log (platform/events/reactions.ts). */
export const eventConsumers = pgTable('event_consumers', {
  name: text('name').primaryKey(),
  positionTxid: xid8('position_txid').notNull(),
  positionId: bigint('position_id', { mode: 'bigint' }).notNull(),
  failures: integer('failures').notNull().default(0),
  lastError: text('last_error'),
  retryAt: timestamp('retry_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
