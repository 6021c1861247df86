import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import type { RoleName } from '../../core/tenancy/roles.ts';
import * as repo from './repository.ts';
import type { BulkUpdateBody, PublicationInput, ReachPreviewBody, UpdateItemBody } from './schemas.ts';
import { receivesAll, typeOf, workspaces, type Workspace } from './workspaces.ts';

export type { ItemRow, Counts, PublicationRow } from './repository.ts';

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

export interface ListInput {
  filter: repo.ListFilter;
  after: { at: string; id: string } | null;
  limit: number;
}

/** A page of what the person receives, in one of the Center's tabs. */
export function listItems({ actor, tx }: ServiceContext, input: ListInput) {
  return repo.listItems(tx, actor, input.filter, { after: input.after, limit: input.limit });
}

/** The bell's figures. */
export function getCounts({ actor, tx }: ServiceContext) {
  return repo.countsFor(tx, actor);
}

async function received(ctx: ServiceContext, id: string): Promise<repo.ItemRow> {
  const [item] = await repo.findReceived(ctx.tx, ctx.actor, [id]);
  if (!item) throw notFound();
  return item;
}

/** One item the person receives (404 for anything else). */
export function getItem(ctx: ServiceContext, input: { id: string }) {
  return received(ctx, input.id);
}

/** Refuses archiving mandatory actions, before anything changes. */
function refuseMandatory(items: readonly repo.ItemRow[], archived: boolean | undefined) {
  if (archived !== true) return;
  const mandatory = items.find((item) => item.category === 'mandatory');
  if (mandatory) throw conflict('mandatory_not_archivable', { id: mandatory.id });
}

/** Applies a change to items found among what the person receives; returns how many changed. */
async function apply(
  ctx: ServiceContext,
  items: readonly repo.ItemRow[],
  change: { read?: boolean; archived?: boolean },
) {
  const changed = new Set<string>();
  if (change.read !== undefined) {
    const toChange = items.filter((item) => item.read !== change.read).map((item) => item.id);
    await repo.setRead(ctx.tx, ctx.actor, toChange, change.read, ctx.now);
    for (const id of toChange) changed.add(id);
  }
  if (change.archived !== undefined) {
    const ids = items.map((item) => item.id);
    for (const id of await repo.setArchived(ctx.tx, ctx.actor, ids, change.archived, ctx.now)) changed.add(id);
  }
  return changed.size;
}

async function recordStates(
  ctx: ServiceContext,
  target: { id: string; label: string | null },
  change: { read?: boolean; archived?: boolean },
  count: number,
) {
  if (count === 0) return;
  await recordEvent(ctx.tx, ctx.events, {
    action: 'notification.states_changed',
    organizationId: ctx.actor.organizationId,
    target: { type: 'notification', ...target },
    changes: { ...change, count },
  });
}

/** Marks one item read or unread, archives or restores it, for the person; mandatory actions cannot be archived. */
export async function updateItem(ctx: ServiceContext, input: UpdateItemBody & { id: string }) {
  const item = await received(ctx, input.id);
  refuseMandatory([item], input.archived);
  const change = { read: input.read, archived: input.archived };
  const count = await apply(ctx, [item], change);
  await recordStates(ctx, { id: item.id, label: item.titleEn }, definedOnly(change), count);
  return received(ctx, input.id);
}

function definedOnly(change: { read?: boolean | undefined; archived?: boolean | undefined }) {
  const out: { read?: boolean; archived?: boolean } = {};
  if (change.read !== undefined) out.read = change.read;
  if (change.archived !== undefined) out.archived = change.archived;
  return out;
}

/** The same for several items at once: all of them are the person's, and none mandatory to archive, or nothing changes. */
export async function bulkUpdate(ctx: ServiceContext, input: BulkUpdateBody) {
  const items = await repo.findReceived(ctx.tx, ctx.actor, input.ids);
  if (items.length !== input.ids.length) throw notFound();
  refuseMandatory(items, input.archived);
  const change = definedOnly(input);
  const updated = await apply(ctx, items, change);
  await recordStates(ctx, { id: 'bulk', label: null }, change, updated);
  return { updated };
}

/** Marks every unread notification the person receives as read. */
export async function markAllRead(ctx: ServiceContext) {
  const updated = await repo.markAllRead(ctx.tx, ctx.actor, ctx.now);
  await recordStates(ctx, { id: 'bulk', label: null }, { read: true }, updated);
  return { updated };
}

/** Marks an action done for the person's whole organisation ("Mark as done"). Done already: unchanged. */
export async function completeAction(ctx: ServiceContext, input: { id: string }) {
  const item = await received(ctx, input.id);
  if (item.type !== 'action') throw conflict('not_an_action');
  if (await repo.completeByHand(ctx.tx, ctx.actor, item.id, ctx.now)) {
    await recordEvent(ctx.tx, ctx.events, {
      action: 'action.completed',
      organizationId: ctx.actor.organizationId,
      target: { type: 'notification', id: item.id, label: item.titleEn },
      changes: { via: 'manual' },
    });
  }
  return received(ctx, input.id);
}

// ——— Publications ———

function vendorOnly(ctx: ServiceContext) {
  if (ctx.actor.organizationKind !== 'vendor') throw new AppError('forbidden');
}

/** The roles an item reaches: the ones it names, or its workspace's; Admins always. */
function deliveredRoles(workspace: Workspace, roles: readonly RoleName[] | undefined | null): RoleName[] {
  return [...new Set<RoleName>([receivesAll, ...(roles ?? workspaces[workspace].roles)])];
}

async function audienceOf(ctx: ServiceContext, audience: PublicationInput['audience']): Promise<repo.Audience> {
  const broadcast = audience.kinds !== undefined || audience.distributorId !== undefined;
  if (broadcast === (audience.organizationIds !== undefined)) {
    throw invalid('body/audience', 'give kinds and/or a distributor, or a list of organisations (one of the two)');
  }
  if (audience.distributorId) {
    if ((await repo.kindOf(ctx.tx, audience.distributorId)) !== 'distributor')
      throw invalid('body/audience/distributorId', 'must be a distributor');
  }
  const organizationIds = audience.organizationIds ?? [];
  if ((await repo.countOrganizations(ctx.tx, organizationIds)) !== organizationIds.length) {
    throw invalid('body/audience/organizationIds', 'must all be organisations');
  }
  return { kinds: audience.kinds ?? null, under: audience.distributorId ?? null, organizationIds };
}

/** How many organisations and users a publication would reach now. */
export async function previewReach(ctx: ServiceContext, input: ReachPreviewBody) {
  vendorOnly(ctx);
  const audience = await audienceOf(ctx, input.audience);
  return repo.reachOfAudience(ctx.tx, audience, deliveredRoles(input.workspace, input.roles));
}

/**
 * Publishes an action or a notification to an audience, now or at `publishAt`: one row whatever the audience's size
 * (its recipients are resolved when they read), with its reach at this moment for the vendor's list.
 */
export async function publish(ctx: ServiceContext, input: PublicationInput) {
  vendorOnly(ctx);
  const type = typeOf(input.category);
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  if (type === 'action' && !dueAt) throw invalid('body/dueAt', 'an action needs a due date');
  if (type === 'notification' && dueAt) throw invalid('body/dueAt', 'a notification has no due date');
  const publishAt = input.publishAt && new Date(input.publishAt) > ctx.now ? new Date(input.publishAt) : ctx.now;
  if (dueAt && dueAt <= publishAt) throw invalid('body/dueAt', 'must be after the publication');
  const audience = await audienceOf(ctx, input.audience);
  const reach = await repo.reachOfAudience(ctx.tx, audience, deliveredRoles(input.workspace, input.roles));
  const scheduled = publishAt > ctx.now;
  const item = await repo.insertItem(
    ctx.tx,
    {
      type,
      category: input.category,
      workspace: input.workspace,
      titleFr: input.title.fr.trim(),
      titleEn: input.title.en.trim(),
      bodyFr: input.body.fr.trim(),
      bodyEn: input.body.en.trim(),
      link: input.link,
      dueAt,
      source: 'vendor',
      publishedByOrganizationId: ctx.actor.organizationId,
      publishedByUserId: ctx.actor.userId,
      roles: input.roles ?? null,
      audienceKinds: audience.kinds,
      audienceUnder: audience.under,
      publishAt,
      announcedAt: scheduled ? null : ctx.now,
      reachOrganizations: reach.organizations,
      reachUsers: reach.users,
      createdAt: ctx.now,
    },
    audience.organizationIds,
  );
  if (!scheduled) await announce(ctx, item);
  const created = await repo.findPublication(ctx.tx, ctx.actor.organizationId, item.id);
  if (!created) throw new Error('publication not found after insert');
  return created;
}

async function announce(
  ctx: ServiceContext,
  item: { id: string; type: string; category: string; workspace: string; titleEn: string },
) {
  await recordEvent(ctx.tx, ctx.events, {
    action: 'notification.published',
    organizationId: ctx.actor.organizationId,
    target: { type: 'notification', id: item.id, label: item.titleEn },
    changes: { type: item.type, category: item.category, workspace: item.workspace, source: 'vendor' },
  });
}

/** The vendor organisation's publications, newest first. */
export async function listPublications(
  ctx: ServiceContext,
  input: { after: { at: string; id: string } | null; limit: number },
) {
  vendorOnly(ctx);
  return repo.listPublications(ctx.tx, ctx.actor.organizationId, input);
}

/** Withdraws a publication: it disappears from every Center and bell at once. */
export async function withdrawPublication(ctx: ServiceContext, input: { id: string }) {
  vendorOnly(ctx);
  const publication = await repo.findPublication(ctx.tx, ctx.actor.organizationId, input.id, { lock: true });
  if (!publication) throw notFound();
  if (publication.withdrawnAt) throw conflict('publication_withdrawn');
  await repo.withdraw(ctx.tx, ctx.actor.organizationId, input.id, ctx.now);
  await recordEvent(ctx.tx, ctx.events, {
    action: 'notification.withdrawn',
    organizationId: ctx.actor.organizationId,
    target: { type: 'notification', id: publication.id, label: publication.titleEn },
  });
  const after = await repo.findPublication(ctx.tx, ctx.actor.organizationId, input.id);
  if (!after) throw notFound();
  return after;
}
