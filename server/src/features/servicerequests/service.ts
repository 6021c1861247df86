import type { Tx } from '../../platform/db/client.ts';
import { checkIfMatch } from '../../platform/http/etag.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import { findProduct } from '../catalogue/service.ts';
import { requireVisibleCustomer } from '../organizations/service.ts';
import * as repo from './repository.ts';
import type { CreateServiceRequestBody, ServiceRequestListQuery, UpdateServiceRequestBody } from './schemas.ts';
import type { ServiceRequestStatus } from './tables.ts';

/** A request with the names its representation shows; `notes` only for the detail. */
export interface ServiceRequestView extends repo.ListedRequest {
  creatorOrganizationName: string;
  notes: Array<{ note: repo.NoteRow; authorOrganizationName: string }>;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

const labelOf = (row: repo.ServiceRequestRow) => `SR-${String(row.number)} ${row.title}`;

/**
 * Resolves the organisation names around requests: the customer's own (visible with the request), or a channel
 * organisation's (readable by every channel member and by the customers it serves).
 */
async function named(
  tx: Tx,
  rows: repo.ListedRequest[],
  notes: repo.NoteRow[] = [],
): Promise<{ nameOf: (organizationId: string, row: repo.ListedRequest) => string }> {
  const names = await repo.channelNames(tx, [
    ...rows.map((r) => r.request.createdByOrganizationId),
    ...notes.map((n) => n.authorOrganizationId),
  ]);
  return {
    nameOf: (organizationId, row) =>
      organizationId === row.request.customerId ? row.customerName : (names.get(organizationId) ?? ''),
  };
}

/** One page of a customer's requests, newest first; not_found when the actor may not see the customer. */
export async function listServiceRequests(
  ctx: ServiceContext,
  input: { customerId: string; status?: ServiceRequestListQuery['status']; after: unknown[] | null; size: number },
): Promise<{ rows: ServiceRequestView[]; totalCount: number }> {
  const { actor, tx } = ctx;
  const { customerId } = input;
  await requireVisibleCustomer(ctx, { id: customerId });
  const after = input.after ? { at: String(input.after[0]), number: Number(input.after[1]) } : null;
  if (after && !Number.isSafeInteger(after.number)) throw invalid('query/cursor', 'invalid cursor');
  const { rows, totalCount } = await repo.listForCustomer(tx, actor, customerId, {
    status: input.status,
    after,
    limit: input.size,
  });
  const { nameOf } = await named(tx, rows);
  return {
    rows: rows.map((row) => ({
      ...row,
      creatorOrganizationName: nameOf(row.request.createdByOrganizationId, row),
      notes: [],
    })),
    totalCount,
  };
}

/** One request with its notes, oldest first; not_found when the actor may not see its customer. */
export async function getServiceRequest(
  { actor, tx }: ServiceContext,
  { id }: { id: string },
): Promise<ServiceRequestView> {
  const row = await repo.findVisible(tx, actor, id);
  if (!row) throw notFound();
  const notes = await repo.notesOf(tx, actor, id);
  const { nameOf } = await named(tx, [row], notes);
  return {
    ...row,
    creatorOrganizationName: nameOf(row.request.createdByOrganizationId, row),
    notes: notes.map((note) => ({ note, authorOrganizationName: nameOf(note.authorOrganizationId, row) })),
  };
}

/**
 * Opens a request for a customer: by its own operators, or by a partner or distributor that sees it, on its behalf.
 * The vendor works requests but does not open them.
 */
export async function createServiceRequest(
  ctx: ServiceContext,
  { customerId, body: input }: { customerId: string; body: CreateServiceRequestBody },
): Promise<ServiceRequestView> {
  const { actor, now, tx, events } = ctx;
  if (actor.organizationKind === 'vendor') throw new AppError('forbidden');
  await requireVisibleCustomer(ctx, { id: customerId });
  const title = input.title.trim();
  if (title.length < 3) throw invalid('body/title', 'must have at least 3 characters');
  const description = input.description.trim();
  if (!description) throw invalid('body/description', 'must not be blank');
  const contactName = input.contact.name.trim();
  if (!contactName) throw invalid('body/contact/name', 'must not be blank');
  if (input.productId && !(await findProduct(ctx, { id: input.productId }))) {
    throw invalid('body/productId', 'unknown product');
  }
  const row = await repo.insert(tx, {
    customerId,
    productId: input.productId ?? null,
    title,
    description,
    severity: input.severity,
    status: 'open',
    contactName,
    contactEmail: input.contact.email.trim(),
    contactPhone: input.contact.phone?.trim() || null,
    createdByUserId: actor.userId,
    createdByOrganizationId: actor.organizationId,
    createdAt: now,
    updatedAt: now,
  });
  await recordEvent(tx, events, {
    action: 'servicerequest.created',
    organizationId: customerId,
    target: { type: 'service_request', id: row.id, label: labelOf(row) },
    changes: {
      title: row.title,
      severity: row.severity,
      productId: row.productId,
      onBehalf: row.createdByOrganizationId !== customerId,
    },
  });
  return getServiceRequest(ctx, { id: row.id });
}

/**
 * Changes a request's status and/or adds a note (If-Match honoured). Closing stamps closed_at, reopening clears it;
 * a note or a new status makes a new version.
 */
export async function updateServiceRequest(
  ctx: ServiceContext,
  { id, body: input, ifMatch }: { id: string; body: UpdateServiceRequestBody; ifMatch: string | undefined },
): Promise<ServiceRequestView> {
  const { actor, now, tx, events } = ctx;
  const current = await repo.findVisible(tx, actor, id, { lock: true });
  if (!current) throw notFound();
  const before = current.request;
  checkIfMatch(ifMatch, before.version);
  const body = input.note?.trim();
  if (input.note !== undefined && !body) throw invalid('body/note', 'must not be blank');
  const status: ServiceRequestStatus = input.status ?? before.status;
  if (status === before.status && !body) return getServiceRequest(ctx, { id });

  const closedAt = status === 'closed' ? (before.status === 'closed' ? before.closedAt : now) : null;
  const after = await repo.update(tx, actor, id, before.version, {
    status,
    closedAt,
    version: before.version + 1,
    updatedAt: now,
  });
  if (!after) throw new AppError('precondition_failed');
  if (body) {
    await repo.insertNote(tx, {
      serviceRequestId: id,
      body,
      authorUserId: actor.userId,
      authorName: (await repo.displayNameOf(tx, actor.userId)) ?? '',
      authorOrganizationId: actor.organizationId,
      createdAt: now,
    });
  }
  await recordEvent(tx, events, {
    action: 'servicerequest.updated',
    organizationId: before.customerId,
    target: { type: 'service_request', id, label: labelOf(after) },
    changes: {
      ...(status !== before.status ? { status: { from: before.status, to: status } } : {}),
      noteAdded: Boolean(body),
      requesterId: before.createdByOrganizationId,
    },
  });
  return getServiceRequest(ctx, { id });
}
