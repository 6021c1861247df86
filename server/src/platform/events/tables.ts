import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  },
  (t) => [
    index('events_organization_idx').on(t.organizationId, t.id),
    index('events_actor_organization_idx').on(t.actorOrganizationId, t.id),
  ],
);
