import type { Actor } from '../../core/tenancy/actor.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { Tx } from '../../platform/db/client.ts';
import { unsafeSystemTransaction, withActor } from '../../platform/db/scope.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import { mailLimitsOf } from '../../platform/mail/limits.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import * as repo from './repository.ts';
import type { CreateRelationshipBody, RelationshipListQuery } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The roles and duration a relationship opened by onboarding carries. */
export const ONBOARDING_ROLES = ['admin_agent', 'helpdesk_agent'];
export const ONBOARDING_DURATION_DAYS = 730;

export type Decision = 'approve' | 'decline' | 'terminate';

/** Names of the parties of relationships the actor holds: a second, read-only transaction across organisations. */
function partiesOf(deps: AppDeps, rows: repo.RelationshipWithStatus[]): Promise<Map<string, repo.Party>> {
  const ids = [...new Set(rows.flatMap((r) => [r.relationship.providerId, r.relationship.customerId]))];
  return unsafeSystemTransaction(deps.database.db, (tx) => repo.unsafeParties(tx, ids));
}

function scoped<T>(deps: AppDeps, actor: Actor, fn: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
  const now = deps.clock();
  return withActor(deps.database.db, { actor, now }, (tx) => fn(tx, now));
}

/** One page of the actor's relationships, as provider or customer, with their effective status. */
export async function listRelationships(
  deps: AppDeps,
  actor: Actor,
  input: { status?: RelationshipListQuery['status']; size: number; after: { createdAt: string; id: string } | null },
) {
  const page = await scoped(deps, actor, (tx) =>
    repo.listForParty(tx, actor, { status: input.status, after: input.after, limit: input.size }),
  );
  return { ...page, parties: await partiesOf(deps, page.rows) };
}

/**
 * A partner or distributor asks a customer, found by its primary domain among all customers, for delegated admin
 * access. The customer's Admins are mailed; nothing is visible to the provider until they approve. The answer is the
 * same whether a customer has that domain or not — the request is sent if one does — so that the endpoint tells
 * nobody which customers the portal holds, nor their names (issue 11 §6).
 */
export async function requestRelationship(
  deps: AppDeps,
  actor: Actor,
  input: CreateRelationshipBody,
  context: EventContext,
) {
  if (actor.organizationKind !== 'partner' && actor.organizationKind !== 'distributor') {
    throw new AppError('forbidden');
  }
  const { customer, admins } = await unsafeSystemTransaction(deps.database.db, async (tx) => {
    const customer = await repo.unsafeFindCustomerByDomain(tx, input.customerDomain.trim());
    return { customer, admins: customer ? await repo.unsafeAdminsOf(tx, customer.id) : [] };
  });
  if (!customer) return;
  await scoped(deps, actor, async (tx, now) => {
    await repo.lockGraph(tx);
    if (await repo.hasOpen(tx, actor.organizationId, customer.id)) {
      throw conflict('relationship_open');
    }
    const id = await repo.insert(tx, {
      providerId: actor.organizationId,
      customerId: customer.id,
      roles: input.roles,
      durationDays: input.durationDays,
      status: 'pending',
      createdAt: now,
    });
    const provider = await repo.findOwnOrganization(tx, actor);
    await recordEvent(tx, context, {
      action: 'relationship.requested',
      organizationId: customer.id,
      target: { type: 'delegated_admin_relationship', id, label: customer.name },
      changes: { providerId: actor.organizationId, roles: input.roles, durationDays: input.durationDays },
    });
    for (const admin of admins) {
      await queueMail(tx, {
        organizationId: customer.id,
        sender: { organizationId: actor.organizationId, limits: mailLimitsOf(deps.config) },
        recipient: admin.email,
        language: admin.language ?? customer.language,
        template: 'relationship_request',
        params: {
          providerName: provider?.name ?? '',
          customerName: customer.name,
          roles: input.roles.join(', '),
          durationDays: input.durationDays,
          url: `${deps.config.PUBLIC_URL}/relationships`,
        },
      });
    }
  });
}

type DecisionAction = 'relationship.approved' | 'relationship.declined' | 'relationship.terminated';
const decisions: Record<Decision, { from: readonly string[]; customerOnly: boolean; action: DecisionAction }> = {
  approve: { from: ['pending'], customerOnly: true, action: 'relationship.approved' },
  decline: { from: ['pending'], customerOnly: true, action: 'relationship.declined' },
  terminate: { from: ['pending', 'active', 'expiring'], customerOnly: false, action: 'relationship.terminated' },
};

/**
 * Approve or decline (the customer, while pending) or terminate (either party, while pending or running). The event
 * is recorded for the customer; when the customer acted, a second one for the provider, which may no longer see the
 * customer once the change commits.
 */
export async function decideRelationship(
  deps: AppDeps,
  actor: Actor,
  id: string,
  decision: Decision,
  context: EventContext,
) {
  const rule = decisions[decision];
  const row = await scoped(deps, actor, async (tx, now) => {
    await repo.lockGraph(tx);
    const found = await repo.findForPartyForUpdate(tx, actor, id);
    if (!found) throw notFound();
    const { relationship } = found;
    const actorIsCustomer = relationship.customerId === actor.organizationId;
    if (rule.customerOnly && !actorIsCustomer) throw new AppError('forbidden');
    if (!rule.from.includes(found.status)) {
      throw conflict(`relationship_${found.status}`);
    }
    const changes =
      decision === 'approve'
        ? {
            status: 'active' as const,
            startsAt: now,
            endsAt: new Date(now.getTime() + relationship.durationDays * DAY_MS),
          }
        : decision === 'decline'
          ? { status: 'declined' as const }
          : { status: 'terminated' as const, terminatedAt: now };
    await repo.update(tx, id, changes);
    const after = await repo.find(tx, id);
    if (!after) throw notFound();
    const event = {
      action: rule.action,
      target: { type: 'delegated_admin_relationship', id },
      changes: {
        status: { from: found.status, to: after.status },
        ...(after.relationship.endsAt ? { endsAt: after.relationship.endsAt.toISOString() } : {}),
      },
    };
    await recordEvent(tx, context, { ...event, organizationId: relationship.customerId });
    if (actorIsCustomer) await recordEvent(tx, context, { ...event, organizationId: relationship.providerId });
    return after;
  });
  return { row, parties: await partiesOf(deps, [row]) };
}

/** The relationship an onboarding opens between the sender and its new customer: active at once, for two years. */
export async function openOnboardingRelationship(
  tx: Tx,
  input: { providerId: string; customerId: string; now: Date },
): Promise<string> {
  return repo.insert(tx, {
    providerId: input.providerId,
    customerId: input.customerId,
    roles: ONBOARDING_ROLES,
    durationDays: ONBOARDING_DURATION_DAYS,
    status: 'active',
    createdAt: input.now,
    startsAt: input.now,
    endsAt: new Date(input.now.getTime() + ONBOARDING_DURATION_DAYS * DAY_MS),
  });
}
