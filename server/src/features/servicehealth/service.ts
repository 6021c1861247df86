import { randomBytes } from 'node:crypto';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { checkIfMatch } from '../../platform/http/etag.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import { findProduct } from '../catalogue/service.ts';
import { customerHealthOf } from '../customers/service.ts';
import { requireVisibleCustomer } from '../organizations/service.ts';
import { activeProductIdsOf } from '../subscriptions/service.ts';
import * as repo from './repository.ts';
import type { CreateIncidentBody, UpdateIncidentBody } from './schemas.ts';
import type { IncidentStatus } from './tables.ts';

/** An incident with what its representation needs. */
export interface IncidentView {
  incident: repo.IncidentRow;
  productName: string;
  updates: repo.IncidentUpdateRow[];
  customerIds: string[];
}

// Crockford's base32: no I, L, O, U, so that a reference read over the phone is unambiguous.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newReference(): string {
  return `INC-${[...randomBytes(6)].map((b) => BASE32[b & 31]).join('')}`;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { params: { fields: path }, extensions: { errors: [{ path, message }] } });
}

/** Only the vendor records incidents. */
function requireVendor(actor: Actor): void {
  if (actor.organizationKind !== 'vendor') throw new AppError('forbidden');
}

const labelOf = (incident: repo.IncidentRow) => `${incident.reference} ${incident.title}`;

/** Adds the updates and the listed customers (those the actor sees) to incident rows. */
async function withDetails<R extends { incident: repo.IncidentRow; productName: string }>(
  tx: Tx,
  actor: Actor,
  rows: R[],
): Promise<Array<R & IncidentView>> {
  const ids = rows.map((r) => r.incident.id);
  const updates = await repo.updatesOf(tx, ids);
  const customers = await repo.visibleCustomersOf(tx, actor, ids);
  return rows.map((r) => ({
    ...r,
    updates: updates.filter((u) => u.incidentId === r.incident.id),
    customerIds: customers.filter((c) => c.incidentId === r.incident.id).map((c) => c.customerId),
  }));
}

/** One page of incidents, newest first; every signed-in organisation sees them, like a status page. */
export async function listIncidents(
  { actor, tx }: ServiceContext,
  input: { status?: 'open' | 'resolved' | undefined; after: unknown[] | null; size: number },
) {
  const after = input.after ? { at: String(input.after[0]), id: String(input.after[1]) } : null;
  const { rows, totalCount } = await repo.listIncidents(tx, { status: input.status, after, limit: input.size });
  return { rows: await withDetails(tx, actor, rows), totalCount };
}

async function load(tx: Tx, actor: Actor, id: string): Promise<IncidentView> {
  const row = await repo.findIncident(tx, id);
  if (!row) throw notFound();
  const [view] = await withDetails(tx, actor, [row]);
  if (!view) throw notFound();
  return view;
}

/**
 * Records an incident or advisory on a product with its first update (vendor only), then tells every customer it
 * touches with one `incident.affecting` event each.
 */
export async function createIncident(ctx: ServiceContext, input: CreateIncidentBody): Promise<IncidentView> {
  const { actor, now, tx, events } = ctx;
  requireVendor(actor);
  const title = input.title.trim();
  if (title.length < 3) throw invalid('body/title', 'must have at least 3 characters');
  const message = input.message.trim();
  if (!message) throw invalid('body/message', 'must not be blank');
  const customerIds = [...new Set(input.customerIds ?? [])];
  if (input.scope === 'customers' && customerIds.length === 0) {
    throw invalid('body/customerIds', 'required when scope is customers');
  }
  if (input.scope === 'product' && customerIds.length > 0) {
    throw invalid('body/customerIds', 'only allowed when scope is customers');
  }
  if (!(await findProduct(ctx, { id: input.productId }))) throw invalid('body/productId', 'unknown product');

  let incident: repo.IncidentRow | undefined;
  // A clash of 6 random base32 characters is rare; try again rather than fail the request.
  for (let attempt = 0; !incident && attempt < 5; attempt++) {
    incident = await repo.insertIncident(tx, {
      reference: newReference(),
      productId: input.productId,
      kind: input.kind,
      title,
      status: 'investigating',
      severity: input.severity,
      scope: input.scope,
      startsAt: input.startsAt ? new Date(input.startsAt) : now,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (!incident) throw new Error('could not allocate a unique incident reference');
  await repo.insertUpdate(tx, {
    incidentId: incident.id,
    status: incident.status,
    message,
    authorUserId: actor.userId,
    postedAt: now,
  });
  if (customerIds.length > 0) {
    const listed = await repo.addCustomers(tx, actor, incident.id, customerIds);
    if (listed !== customerIds.length) throw invalid('body/customerIds', 'unknown customer');
  }
  await recordEvent(tx, events, {
    action: 'incident.created',
    organizationId: actor.organizationId,
    target: { type: 'incident', id: incident.id, label: labelOf(incident) },
    changes: {
      productId: incident.productId,
      kind: incident.kind,
      severity: incident.severity,
      scope: incident.scope,
      status: incident.status,
    },
  });
  await repo.recordAffecting(tx, actor, events, {
    id: incident.id,
    label: labelOf(incident),
    changes: { kind: incident.kind, severity: incident.severity, status: incident.status },
  });
  return load(tx, actor, incident.id);
}

/**
 * Posts an update on an incident (vendor only): a message and maybe a new status. Resolving sets its end; reopening
 * clears it and tells the touched customers again.
 */
export async function updateIncident(
  { actor, now, tx, events }: ServiceContext,
  { id, body: input, ifMatch }: { id: string; body: UpdateIncidentBody; ifMatch: string | undefined },
): Promise<IncidentView> {
  requireVendor(actor);
  const message = input.message.trim();
  if (!message) throw invalid('body/message', 'must not be blank');
  const current = await repo.findIncident(tx, id, { lock: true });
  if (!current) throw notFound();
  const before = current.incident;
  checkIfMatch(ifMatch, before.version);
  const status: IncidentStatus = input.status ?? before.status;
  const wasResolved = before.status === 'resolved';
  const reopened = wasResolved && status !== 'resolved';
  const endsAt = status === 'resolved' ? (wasResolved ? before.endsAt : now) : null;
  const after = await repo.updateIncident(tx, id, before.version, {
    status,
    endsAt,
    version: before.version + 1,
    updatedAt: now,
  });
  if (!after) throw new AppError('precondition_failed');
  await repo.insertUpdate(tx, { incidentId: id, status, message, authorUserId: actor.userId, postedAt: now });
  await recordEvent(tx, events, {
    action: 'incident.updated',
    organizationId: actor.organizationId,
    target: { type: 'incident', id, label: labelOf(after) },
    changes: {
      ...(status !== before.status ? { status: { from: before.status, to: status } } : {}),
      message,
    },
  });
  if (reopened) {
    await repo.recordAffecting(tx, actor, events, {
      id,
      label: labelOf(after),
      changes: { kind: after.kind, severity: after.severity, status: after.status, reopened: true },
    });
  }
  return load(tx, actor, id);
}

/** A customer's health, its open incidents and those resolved in the last 7 days; not_found if the actor may not see it. */
export async function getCustomerHealth(ctx: ServiceContext, { customerId }: { customerId: string }) {
  const { actor, tx } = ctx;
  await requireVisibleCustomer(ctx, { id: customerId });
  const health = (await customerHealthOf(ctx, { customerId })) ?? 'healthy';
  const customer = { id: customerId, productIds: await activeProductIdsOf(ctx, { customerId }) };
  const open = await withDetails(tx, actor, await repo.incidentsAffecting(tx, customer, 'open'));
  const recentlyResolved = await withDetails(
    tx,
    actor,
    await repo.incidentsAffecting(tx, customer, 'recentlyResolved'),
  );
  return { customerId, health, open, recentlyResolved };
}
