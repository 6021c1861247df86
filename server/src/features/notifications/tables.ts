import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, type OrganizationKind } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import type { Category, ItemType, Workspace } from './workspaces.ts';

/**
 * An action or a notification of the Notification Center, written once for its whole audience: who receives it is
 * resolved when someone reads (DESIGN §Notification Center) — the organisations it targets (its rows in
 * notification_targets, and for a broadcast every organisation of `audience_kinds` and/or under `audience_under`),
 * then in each the users holding a role its workspace delivers to (`roles` when the item names them). So a new
 * operator sees the open actions of their organisation at once, and a removed one stops seeing them.
 */
export const notificationItems = pgTable(
  'notification_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').$type<ItemType>().notNull(),
    category: text('category').$type<Category>().notNull(),
    workspace: text('workspace').$type<Workspace>().notNull(),
    titleFr: text('title_fr').notNull(),
    titleEn: text('title_en').notNull(),
    bodyFr: text('body_fr').notNull(),
    bodyEn: text('body_en').notNull(),
    /** A path of the portal: the page where the task is done or the change is seen. */
    link: text('link').notNull(),
    /** Actions only: the date by which it should be done; past it, an open action is overdue. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** `vendor`: published by the vendor's people; `system`: raised by a reaction to a domain event. */
    source: text('source').$type<'vendor' | 'system'>().notNull(),
    /** The event that raised a system item. */
    sourceEventId: bigint('source_event_id', { mode: 'bigint' }),
    /** The vendor organisation and person who published it (null for system items). */
    publishedByOrganizationId: uuid('published_by_organization_id').references(() => organizations.id),
    publishedByUserId: uuid('published_by_user_id').references(() => users.id),
    /** Roles it is delivered to, instead of its workspace's; Admins always receive it. */
    roles: text('roles').array().$type<RoleName[]>(),
    /** A broadcast: every organisation of these kinds (null: of any kind under `audience_under`). */
    audienceKinds: text('audience_kinds').array().$type<OrganizationKind[]>(),
    /** A broadcast to a distributor's channel: every organisation the distributor sees, and the distributor. */
    audienceUnder: uuid('audience_under').references(() => organizations.id),
    /** Visible from then on: the creation, or a scheduled publication's date. */
    publishAt: timestamp('publish_at', { withTimezone: true }).notNull(),
    /** When a scheduled publication's `notification.published` event was recorded (the worker's task). */
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** A publication's reach when it was sent: organisations and users (the vendor's list). */
    reachOrganizations: integer('reach_organizations'),
    reachUsers: integer('reach_users'),
    /**
     * What completes an action by itself (a reaction to the event that does the task): e.g.
     * `delegated-admin:<provider>:<customer>` for "renew delegated access".
     */
    completesOn: text('completes_on'),
    /** A system item is raised once per key (the reaction may see its event again after a crash). */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('notification_items_type_check', sql`${t.type} in ('action', 'notification')`),
    check(
      'notification_items_category_check',
      sql`(${t.type} = 'action' and ${t.category} in ('mandatory', 'recommended') and ${t.dueAt} is not null)
        or (${t.type} = 'notification' and ${t.category} in ('transactional', 'promotional') and ${t.dueAt} is null)`,
    ),
    check('notification_items_source_check', sql`${t.source} in ('vendor', 'system')`),
    check('notification_items_link_check', sql`${t.link} ~ '^/[^/\\\\]'  or ${t.link} = '/'`),
    uniqueIndex('notification_items_dedupe_key').on(t.dedupeKey),
    index('notification_items_broadcast_idx')
      .on(t.publishAt)
      .where(sql`${t.audienceKinds} is not null or ${t.audienceUnder} is not null`),
    index('notification_items_completes_idx')
      .on(t.completesOn)
      .where(sql`${t.completesOn} is not null`),
    index('notification_items_publisher_idx').on(t.publishedByOrganizationId, t.createdAt),
    index('notification_items_unannounced_idx')
      .on(t.publishAt)
      .where(sql`${t.announcedAt} is null`),
  ],
);

/** The organisations an item targets one by one: a system item's organisation, a publication's list. */
export const notificationTargets = pgTable(
  'notification_targets',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => notificationItems.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.itemId] }), index('notification_targets_item_idx').on(t.itemId)],
);

/** An action done, for its whole organisation: by whom and when, by hand or by the task it asked for. */
export const notificationCompletions = pgTable(
  'notification_completions',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => notificationItems.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    /** Null when the task completed it (`via = 'task'`). */
    completedByUserId: uuid('completed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    via: text('via').$type<'manual' | 'task'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.organizationId] }),
    check('notification_completions_via_check', sql`${t.via} in ('manual', 'task')`),
  ],
);

/** What one person did with an item: read it, archived it. No row: unread and not archived. */
export const notificationStates = pgTable(
  'notification_states',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => notificationItems.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** Marked unread by hand: stays unread even under the person's "all read up to" mark. */
    unread: boolean('unread').notNull().default(false),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.itemId] }), index('notification_states_item_idx').on(t.itemId)],
);

/**
 * "Mark all as read", in one row whatever the number of notifications: every notification published up to
 * `read_before` is read for this person, unless marked unread since (notification_states.unread).
 */
export const notificationReadMarks = pgTable('notification_read_marks', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  readBefore: timestamp('read_before', { withTimezone: true }).notNull(),
});
