import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { OrganizationKind } from '../../core/tenancy/tables.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { SystemTx } from '../../platform/db/scope.ts';
import { notificationItems, notificationTargets } from './tables.ts';
import { receivesAll, workspacesOf, type Category, type ItemType, type Workspace } from './workspaces.ts';

/** An array parameter as PostgreSQL's literal: keys, roles, kinds and UUIDs need no quoting. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** The columns of an item as the lists read them (named, never `*`: prepared statements outlive a deploy). */
const ITEM_COLUMNS = sql.raw(`i.id, i.type, i.category, i.workspace, i.title_fr, i.title_en, i.body_fr, i.body_en,
  i.link, i.due_at, i.source, i.publish_at, i.roles, i.withdrawn_at`);

/**
 * The items that reach the actor's organisation, as a set to select from (`reach i`): those that target it one by
 * one (its notification_targets rows, one index range) and the broadcasts (few: an index of their own) whose kinds
 * and channel take it in. Row-level security (notification_items_recipient) checks the same again.
 */
function reachOf(actor: Actor): SQL {
  return sql`(
    SELECT ${ITEM_COLUMNS} FROM notification_targets t JOIN notification_items i ON i.id = t.item_id
     WHERE t.organization_id = ${actor.organizationId}::uuid
    UNION ALL
    SELECT ${ITEM_COLUMNS} FROM notification_items i
     WHERE (i.audience_kinds IS NOT NULL OR i.audience_under IS NOT NULL)
       AND (i.audience_kinds IS NULL OR ${actor.organizationKind}::text = ANY(i.audience_kinds))
       AND (i.audience_under IS NULL OR i.audience_under = ${actor.organizationId}::uuid
            OR i.audience_under IN (SELECT relais_channels_of_actor()))
  ) i`;
}

/**
 * Of the items reaching the organisation, those this person receives, now: published, not withdrawn, and of a
 * workspace their roles receive (or naming one of their roles). Resolved at every read, so a role change, an arrival
 * or a removal takes effect at once.
 */
function receivedBy(actor: Actor): SQL {
  const live = sql`i.publish_at <= relais_now() AND i.withdrawn_at IS NULL`;
  if (actor.roles.includes(receivesAll)) return live;
  return sql`${live} AND ((i.roles IS NULL AND i.workspace = ANY(${arrayLiteral(workspacesOf(actor.roles))}::text[]))
    OR i.roles && ${arrayLiteral(actor.roles)}::text[])`;
}

/**
 * Joins one person's state, their "all read up to" mark and their organisation's completion to the items (`s`, `m`,
 * `c`).
 */
function withStates(actor: Actor): SQL {
  return sql`LEFT JOIN notification_states s ON s.user_id = ${actor.userId}::uuid AND s.item_id = i.id
    LEFT JOIN notification_read_marks m ON m.user_id = ${actor.userId}::uuid
    LEFT JOIN notification_completions c ON c.item_id = i.id AND c.organization_id = ${actor.organizationId}::uuid`;
}

/** Read: opened (or marked read), or a notification under the person's "all read" mark that was not marked unread. */
const READ_TEXT = `coalesce(s.read_at IS NOT NULL
  OR (i.type = 'notification' AND NOT coalesce(s.unread, false) AND i.publish_at <= m.read_before), false)`;
const READ = sql.raw(READ_TEXT);

/** An action's state for its organisation: done, past its date, or to do. */
const STATE = sql.raw(`CASE WHEN i.type <> 'action' THEN NULL WHEN c.item_id IS NOT NULL THEN 'completed'
  WHEN i.due_at < relais_now() THEN 'overdue' ELSE 'open' END`);

export type ActionState = 'open' | 'overdue' | 'completed';

export interface ItemRow {
  id: string;
  type: ItemType;
  category: Category;
  workspace: Workspace;
  titleFr: string;
  titleEn: string;
  bodyFr: string;
  bodyEn: string;
  link: string;
  dueAt: Date | null;
  source: 'vendor' | 'system';
  publishAt: Date;
  state: ActionState | null;
  read: boolean;
  archivedAt: Date | null;
  completedAt: Date | null;
  completedVia: 'manual' | 'task' | null;
  completedByName: string | null;
  /** The sort key of a cursor: the date (or due date) with its microseconds. */
  cursorAt: string | null;
}

const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));

function itemOf(row: Record<string, unknown>): ItemRow {
  return {
    id: String(row.id),
    type: row.type as ItemType,
    category: row.category as Category,
    workspace: row.workspace as Workspace,
    titleFr: String(row.title_fr),
    titleEn: String(row.title_en),
    bodyFr: String(row.body_fr),
    bodyEn: String(row.body_en),
    link: String(row.link),
    dueAt: date(row.due_at),
    source: row.source as 'vendor' | 'system',
    publishAt: new Date(row.publish_at as string | Date),
    state: (row.state as ActionState | null) ?? null,
    read: row.is_read === true,
    archivedAt: date(row.archived_at),
    completedAt: date(row.completed_at),
    completedVia: (row.completed_via as 'manual' | 'task' | null) ?? null,
    completedByName: typeof row.completed_by_name === 'string' ? row.completed_by_name : null,
    cursorAt: typeof row.cursor_at === 'string' ? row.cursor_at : null,
  };
}

const SELECTED = sql.raw(`i.id, i.type, i.category, i.workspace, i.title_fr, i.title_en, i.body_fr, i.body_en, i.link,
  i.due_at, i.source, i.publish_at, ${READ_TEXT} AS is_read, s.archived_at, c.completed_at, c.via AS completed_via,
  (SELECT u.display_name FROM users u WHERE u.id = c.completed_by_user_id) AS completed_by_name`);

export type ListView = 'actions' | 'notifications' | 'archive';
export type ListSort = 'date' | 'due';

export interface ListFilter {
  view: ListView;
  workspace?: Workspace | undefined;
  category?: Category | undefined;
  state?: ActionState | undefined;
  unread?: boolean | undefined;
  dueBefore?: Date | undefined;
  q?: string | undefined;
  sort: ListSort;
}

function filterOf(filter: ListFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.view === 'archive') where.push(sql`s.archived_at IS NOT NULL`);
  else {
    where.push(sql`s.archived_at IS NULL`);
    where.push(sql`i.type = ${filter.view === 'actions' ? 'action' : 'notification'}`);
  }
  if (filter.workspace) where.push(sql`i.workspace = ${filter.workspace}`);
  if (filter.category) where.push(sql`i.category = ${filter.category}`);
  if (filter.state) where.push(sql`${STATE} = ${filter.state}`);
  if (filter.unread) where.push(sql`NOT ${READ}`);
  if (filter.dueBefore) where.push(sql`i.due_at < ${filter.dueBefore.toISOString()}::timestamptz`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(i.title_fr ILIKE ${pattern} OR i.title_en ILIKE ${pattern})`);
  }
  return where;
}

const microseconds = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

/**
 * One page of what the person receives, and the total: by date (newest first) or by due date (soonest first; for
 * actions). `after` is the last item's sort key.
 */
export async function listItems(
  tx: Tx,
  actor: Actor,
  filter: ListFilter,
  page: { after: { at: string; id: string } | null; limit: number },
): Promise<{ rows: ItemRow[]; totalCount: number }> {
  const byDue = filter.sort === 'due';
  const sortColumn = byDue ? 'i.due_at' : 'i.publish_at';
  const where = [receivedBy(actor), ...filterOf(filter)];
  const paged = page.after
    ? [
        ...where,
        byDue
          ? sql`(i.due_at, i.id) > (${page.after.at}::timestamptz, ${page.after.id}::uuid)`
          : sql`(i.publish_at, i.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`,
      ]
    : where;
  const order = sql.raw(byDue ? 'i.due_at ASC, i.id ASC' : 'i.publish_at DESC, i.id DESC');
  const result = await tx.execute(sql`
    SELECT ${SELECTED}, ${STATE} AS state, ${microseconds(sortColumn)} AS cursor_at,
           count(*) OVER () AS total_count
      FROM ${reachOf(actor)} ${withStates(actor)}
     WHERE ${sql.join(paged, sql` AND `)}
     ORDER BY ${order}
     LIMIT ${page.limit}`);
  const rows = rowsOf<Record<string, unknown>>(result);
  // The window counts the whole filter on a first page; a later page counts it again without its cursor.
  let totalCount = Number(rows[0]?.total_count ?? 0);
  if (page.after) {
    const [counted] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        SELECT count(*)::int AS n FROM ${reachOf(actor)} ${withStates(actor)}
         WHERE ${sql.join(where, sql` AND `)}`),
    );
    totalCount = counted?.n ?? 0;
  }
  return { rows: rows.map(itemOf), totalCount };
}

/** The items among `ids` that the person receives now (missing ones are not theirs, or not live). */
export async function findReceived(tx: Tx, actor: Actor, ids: readonly string[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute(sql`
    SELECT ${SELECTED}, ${STATE} AS state, NULL AS cursor_at
      FROM ${reachOf(actor)} ${withStates(actor)}
     WHERE ${receivedBy(actor)} AND i.id = ANY(${arrayLiteral(ids)}::uuid[])`);
  return rowsOf<Record<string, unknown>>(result).map(itemOf);
}

export interface Counts {
  /** Open mandatory actions and overdue recommended ones, not archived. */
  pendingActions: number;
  unreadNotifications: number;
  /** Every open or overdue action, for the Actions tab. */
  openActions: number;
}

/** The bell's figures for one person: exact counts of what they receive. */
export async function countsFor(tx: Tx, actor: Actor): Promise<Counts> {
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT count(*) FILTER (WHERE i.type = 'action' AND c.item_id IS NULL AND s.archived_at IS NULL
                                AND (i.category = 'mandatory' OR i.due_at < relais_now()))::int AS pending,
             count(*) FILTER (WHERE i.type = 'action' AND c.item_id IS NULL AND s.archived_at IS NULL)::int AS open,
             count(*) FILTER (WHERE i.type = 'notification' AND NOT ${READ}
                                AND s.archived_at IS NULL)::int AS unread
        FROM ${reachOf(actor)} ${withStates(actor)}
       WHERE ${receivedBy(actor)}`),
  );
  return {
    pendingActions: Number(row?.pending ?? 0),
    openActions: Number(row?.open ?? 0),
    unreadNotifications: Number(row?.unread ?? 0),
  };
}

/** Marks items read (now) or unread for one person: the caller has found them among what the person receives. */
export async function setRead(tx: Tx, actor: Actor, ids: readonly string[], read: boolean, now: Date): Promise<void> {
  if (ids.length === 0) return;
  const list = sql`${arrayLiteral(ids)}::uuid[]`;
  await tx.execute(
    read
      ? sql`
        INSERT INTO notification_states (user_id, item_id, read_at, unread)
        SELECT ${actor.userId}::uuid, id, ${now.toISOString()}::timestamptz, false FROM unnest(${list}) AS id
        ON CONFLICT (user_id, item_id)
          DO UPDATE SET read_at = coalesce(notification_states.read_at, excluded.read_at), unread = false`
      : sql`
        INSERT INTO notification_states (user_id, item_id, read_at, unread)
        SELECT ${actor.userId}::uuid, id, NULL, true FROM unnest(${list}) AS id
        ON CONFLICT (user_id, item_id) DO UPDATE SET read_at = NULL, unread = true`,
  );
}

/**
 * Marks every notification the person receives as read, in two rows whatever their number: the person's "all read
 * up to now" mark, and their notifications marked unread by hand are unmarked. Returns how many were unread.
 */
export async function markAllRead(tx: Tx, actor: Actor, now: Date): Promise<number> {
  const { unreadNotifications } = await countsFor(tx, actor);
  if (unreadNotifications === 0) return 0;
  await tx.execute(sql`
    INSERT INTO notification_read_marks (user_id, read_before) VALUES (${actor.userId}::uuid, ${now.toISOString()}::timestamptz)
    ON CONFLICT (user_id) DO UPDATE SET read_before = greatest(notification_read_marks.read_before, excluded.read_before)`);
  await tx.execute(sql`
    UPDATE notification_states SET unread = false WHERE user_id = ${actor.userId}::uuid AND unread`);
  return unreadNotifications;
}

/** Archives (now) or restores items for one person; the caller has refused mandatory actions. */
export async function setArchived(
  tx: Tx,
  actor: Actor,
  ids: readonly string[],
  archived: boolean,
  now: Date,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const list = sql`${arrayLiteral(ids)}::uuid[]`;
  const result = archived
    ? await tx.execute(sql`
        INSERT INTO notification_states (user_id, item_id, archived_at)
        SELECT ${actor.userId}::uuid, id, ${now.toISOString()}::timestamptz FROM unnest(${list}) AS id
        ON CONFLICT (user_id, item_id) DO UPDATE SET archived_at = excluded.archived_at
         WHERE notification_states.archived_at IS NULL
        RETURNING item_id::text AS id`)
    : await tx.execute(sql`
        UPDATE notification_states SET archived_at = NULL
         WHERE user_id = ${actor.userId}::uuid AND item_id = ANY(${list}) AND archived_at IS NOT NULL
        RETURNING item_id::text AS id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** Completes an action for the person's organisation, by hand; false if it already was. */
export async function completeByHand(tx: Tx, actor: Actor, itemId: string, now: Date): Promise<boolean> {
  const result = await tx.execute(sql`
    INSERT INTO notification_completions (item_id, organization_id, completed_at, completed_by_user_id, via)
    VALUES (${itemId}::uuid, ${actor.organizationId}::uuid, ${now.toISOString()}::timestamptz,
            ${actor.userId}::uuid, 'manual')
    ON CONFLICT (item_id, organization_id) DO NOTHING
    RETURNING item_id`);
  return rowsOf(result).length > 0;
}

// ——— Publications (the vendor) ———

export type PublicationRow = typeof notificationItems.$inferSelect & {
  reads: number;
  completions: number;
  creatorName: string | null;
  /** An action past its due date, and a publication whose date has not come, by the transaction's clock. */
  pastDue: boolean;
  scheduled: boolean;
};

export interface Audience {
  kinds: OrganizationKind[] | null;
  under: string | null;
  organizationIds: string[];
}

/** How many organisations and users an audience reaches now, users by the roles the item delivers to. */
export async function reachOfAudience(
  tx: Tx,
  audience: Audience,
  delivered: readonly RoleName[],
): Promise<{ organizations: number; users: number }> {
  const [row] = rowsOf<{ organizations: number | string; users: number | string }>(
    await tx.execute(sql`
      SELECT organizations, users FROM relais_publication_reach(
        ${audience.kinds ? arrayLiteral(audience.kinds) : null}::text[], ${audience.under}::uuid,
        ${arrayLiteral(audience.organizationIds)}::uuid[], ${arrayLiteral(delivered)}::text[])`),
  );
  return { organizations: Number(row?.organizations ?? 0), users: Number(row?.users ?? 0) };
}

/** Whether every one of these organisations exists (the vendor sees every organisation). */
export async function countOrganizations(tx: Tx, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`SELECT count(*)::int AS n FROM organizations WHERE id = ANY(${arrayLiteral(ids)}::uuid[])`),
  );
  return row?.n ?? 0;
}

/** The kind of an organisation the actor sees (undefined: none). */
export async function kindOf(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = rowsOf<{ kind: string }>(await tx.execute(sql`SELECT kind FROM organizations WHERE id = ${id}::uuid`));
  return row?.kind;
}

export async function insertItem(
  tx: Tx,
  row: typeof notificationItems.$inferInsert,
  organizationIds: readonly string[],
): Promise<typeof notificationItems.$inferSelect> {
  const [created] = await tx.insert(notificationItems).values(row).returning();
  if (!created) throw new Error('notification insert returned nothing');
  if (organizationIds.length > 0) {
    await tx
      .insert(notificationTargets)
      .values(organizationIds.map((organizationId) => ({ organizationId, itemId: created.id })));
  }
  return created;
}

/** The publications with their figures (`f`: relais_publication_figures, the publisher's only). */
const PUBLICATIONS = sql.raw(`notification_items i LEFT JOIN LATERAL relais_publication_figures(i.id) f ON true`);

const PUBLICATION_STATS = sql.raw(`
  coalesce(f.reads, 0)::int AS reads, coalesce(f.completions, 0)::int AS completions,
  (SELECT u.display_name FROM users u WHERE u.id = i.published_by_user_id) AS creator_name,
  coalesce(i.due_at < relais_now(), false) AS past_due, i.publish_at > relais_now() AS scheduled`);

function publicationOf(row: Record<string, unknown>): PublicationRow {
  const item = storedItem(row);
  return {
    ...item,
    reads: Number(row.reads ?? 0),
    completions: Number(row.completions ?? 0),
    creatorName: typeof row.creator_name === 'string' ? row.creator_name : null,
    pastDue: row.past_due === true,
    scheduled: row.scheduled === true,
  };
}

function storedItem(row: Record<string, unknown>): typeof notificationItems.$inferSelect {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const array = (v: unknown) => (Array.isArray(v) ? (v as string[]) : null);
  return {
    id: String(row.id),
    type: row.type as ItemType,
    category: row.category as Category,
    workspace: row.workspace as Workspace,
    titleFr: String(row.title_fr),
    titleEn: String(row.title_en),
    bodyFr: String(row.body_fr),
    bodyEn: String(row.body_en),
    link: String(row.link),
    dueAt: date(row.due_at),
    source: row.source as 'vendor' | 'system',
    sourceEventId: null,
    publishedByOrganizationId: text(row.published_by_organization_id),
    publishedByUserId: text(row.published_by_user_id),
    roles: array(row.roles) as RoleName[] | null,
    audienceKinds: array(row.audience_kinds) as OrganizationKind[] | null,
    audienceUnder: text(row.audience_under),
    publishAt: new Date(row.publish_at as string | Date),
    announcedAt: date(row.announced_at),
    withdrawnAt: date(row.withdrawn_at),
    reachOrganizations: row.reach_organizations === null ? null : Number(row.reach_organizations),
    reachUsers: row.reach_users === null ? null : Number(row.reach_users),
    completesOn: text(row.completes_on),
    dedupeKey: null,
    createdAt: new Date(row.created_at as string | Date),
  };
}

const PUBLICATION_COLUMNS = sql.raw(`i.id, i.type, i.category, i.workspace, i.title_fr, i.title_en, i.body_fr,
  i.body_en, i.link, i.due_at, i.source, i.published_by_organization_id, i.published_by_user_id, i.roles,
  i.audience_kinds, i.audience_under, i.publish_at, i.announced_at, i.withdrawn_at, i.reach_organizations,
  i.reach_users, i.completes_on, i.created_at`);

/** The organisation's publications, newest first, with their reads and completions. */
export async function listPublications(
  tx: Tx,
  organizationId: string,
  page: { after: { at: string; id: string } | null; limit: number },
): Promise<{ rows: (PublicationRow & { cursorAt: string })[]; totalCount: number }> {
  const after = page.after
    ? sql`AND (i.created_at, i.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`
    : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT ${PUBLICATION_COLUMNS}, ${PUBLICATION_STATS}, ${microseconds('i.created_at')} AS cursor_at
        FROM ${PUBLICATIONS}
       WHERE i.published_by_organization_id = ${organizationId}::uuid ${after}
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT ${page.limit}`),
  );
  const [counted] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      SELECT count(*)::int AS n FROM notification_items WHERE published_by_organization_id = ${organizationId}::uuid`),
  );
  return {
    rows: rows.map((row) => ({ ...publicationOf(row), cursorAt: String(row.cursor_at) })),
    totalCount: counted?.n ?? 0,
  };
}

/** One of the organisation's publications, locked when asked. */
export async function findPublication(
  tx: Tx,
  organizationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PublicationRow | undefined> {
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT ${PUBLICATION_COLUMNS}, ${PUBLICATION_STATS}
        FROM ${PUBLICATIONS}
       WHERE i.id = ${id}::uuid AND i.published_by_organization_id = ${organizationId}::uuid
       ${options.lock ? sql`FOR UPDATE OF i` : sql``}`),
  );
  const row = rows[0];
  return row ? publicationOf(row) : undefined;
}

export async function withdraw(tx: Tx, organizationId: string, id: string, now: Date): Promise<boolean> {
  const result = await tx.execute(sql`
    UPDATE notification_items SET withdrawn_at = ${now.toISOString()}::timestamptz
     WHERE id = ${id}::uuid AND published_by_organization_id = ${organizationId}::uuid AND withdrawn_at IS NULL
    RETURNING id`);
  return rowsOf(result).length > 0;
}

// ——— System items (reactions, tasks) ———

export interface RaisedItem {
  type: ItemType;
  category: Category;
  workspace: Workspace;
  title: { fr: string; en: string };
  body: { fr: string; en: string };
  link: string;
  dueAt?: Date | null;
  roles?: RoleName[] | null;
  completesOn?: string | null;
  /** Raised once per key: the reaction may handle its event again after a crash. */
  dedupeKey: string;
  sourceEventId?: string | null;
}

/** Raises a system item for these organisations; null when its key was raised before. */
export async function raise(
  tx: SystemTx,
  item: RaisedItem,
  organizationIds: readonly string[],
  now: Date,
): Promise<string | null> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      INSERT INTO notification_items (type, category, workspace, title_fr, title_en, body_fr, body_en, link, due_at,
                                      source, source_event_id, roles, publish_at, announced_at, completes_on,
                                      dedupe_key, created_at)
      VALUES (${item.type}, ${item.category}, ${item.workspace}, ${item.title.fr}, ${item.title.en}, ${item.body.fr},
              ${item.body.en}, ${item.link}, ${item.dueAt ? item.dueAt.toISOString() : null}::timestamptz, 'system',
              ${item.sourceEventId ?? null}::bigint, ${item.roles ? arrayLiteral(item.roles) : null}::text[],
              ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${item.completesOn ?? null},
              ${item.dedupeKey}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id::text AS id`),
  );
  if (!row) return null;
  if (organizationIds.length > 0) {
    await tx
      .insert(notificationTargets)
      .values(organizationIds.map((organizationId) => ({ organizationId, itemId: row.id })))
      .onConflictDoNothing();
  }
  return row.id;
}

/**
 * Completes, for one organisation (or every one it targets), the open actions that wait for this key's task; returns
 * what it completed.
 */
export async function completeByTask(
  tx: SystemTx,
  key: string,
  organizationId: string | null,
  now: Date,
): Promise<{ itemId: string; organizationId: string }[]> {
  const result = await tx.execute(sql`
    INSERT INTO notification_completions (item_id, organization_id, completed_at, via)
    SELECT i.id, t.organization_id, ${now.toISOString()}::timestamptz, 'task'
      FROM notification_items i JOIN notification_targets t ON t.item_id = i.id
     WHERE i.completes_on = ${key} AND i.type = 'action'
       ${organizationId ? sql`AND t.organization_id = ${organizationId}::uuid` : sql``}
    ON CONFLICT (item_id, organization_id) DO NOTHING
    RETURNING item_id::text AS item_id, organization_id::text AS organization_id`);
  return rowsOf<{ item_id: string; organization_id: string }>(result).map((r) => ({
    itemId: r.item_id,
    organizationId: r.organization_id,
  }));
}

/** Whether the organisation has an action waiting for this key's task, not done yet. */
export async function hasOpenAction(tx: SystemTx, key: string, organizationId: string): Promise<boolean> {
  const rows = rowsOf(
    await tx.execute(sql`
      SELECT 1 FROM notification_items i JOIN notification_targets t ON t.item_id = i.id
       WHERE i.completes_on = ${key} AND t.organization_id = ${organizationId}::uuid AND i.withdrawn_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM notification_completions c
                          WHERE c.item_id = i.id AND c.organization_id = t.organization_id)
       LIMIT 1`),
  );
  return rows.length > 0;
}

/** Scheduled publications whose time has come and that nobody announced yet, claimed for the announcing task. */
export async function claimDue(
  tx: SystemTx,
  now: Date,
  limit: number,
): Promise<{ id: string; organizationId: string; type: string; category: string; workspace: string; title: string }[]> {
  const result = await tx.execute(sql`
    UPDATE notification_items SET announced_at = ${now.toISOString()}::timestamptz
     WHERE id IN (SELECT id FROM notification_items
                   WHERE announced_at IS NULL AND withdrawn_at IS NULL AND publish_at <= ${now.toISOString()}::timestamptz
                   ORDER BY publish_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id, published_by_organization_id::text AS organization_id, type, category, workspace,
              title_en AS title`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: String(r.id),
    organizationId: String(r.organization_id),
    type: String(r.type),
    category: String(r.category),
    workspace: String(r.workspace),
    title: String(r.title),
  }));
}
