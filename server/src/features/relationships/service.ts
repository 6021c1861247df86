import type { Tx } from '../../platform/db/client.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext, SystemContext } from '../../platform/http/service-context.ts';
import type { MailLimits } from '../../platform/mail/limits.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import * as repo from './repository.ts';
import type { CreateRelationshipBody, RelationshipListQuery } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The roles and duration a relationship opened by onboarding carries. */
export const ONBOARDING_ROLES = ['admin_agent', 'helpdesk_agent'];
export const ONBOARDING_DURATION_DAYS = 730;

export type Decision = 'approve' | 'decline' | 'terminate';

/** What mailing a request needs of the deployment: the portal's address and the limits on mail to outsiders. */
export interface RequestMail {
  publicUrl: string;
  mailLimits: MailLimits;
}

/** Names of both parties of relationships the actor holds, which row-level security may hide (repo.relationshipParties). */
function partiesOf(tx: Tx, rows: repo.RelationshipWithStatus[]): Promise<Map<string, repo.Party>> {
  const ids = [...new Set(rows.flatMap((r) => [r.relationship.providerId, r.relationship.customerId]))];
  return repo.relationshipParties(tx, ids);
}

/** One page of the actor's relationships, as provider or customer, with their effective status. */
export async function listRelationships(
  { actor, tx }: ServiceContext,
  input: { status?: RelationshipListQuery['status']; size: number; after: { createdAt: string; id: string } | null },
) {
  const page = await repo.listForParty(tx, actor, { status: input.status, after: input.after, limit: input.size });
  return { ...page, parties: await partiesOf(tx, page.rows) };
}

/**
 * A partner or distributor asks a customer, found by its primary domain among all customers, for delegated admin
 * access. The customer's Admins are mailed; nothing is visible to the provider until they approve. The answer is the
 * same whether a customer has that domain or not — the request is sent if one does — so that the endpoint tells
 * nobody which customers the portal holds, nor their names (issue 11 §6).
 */
export async function requestRelationship(
  { actor, now, tx, events }: ServiceContext,
  input: CreateRelationshipBody & { mail: RequestMail },
) {
  if (actor.organizationKind !== 'partner' && actor.organizationKind !== 'distributor') {
    throw new AppError('forbidden');
  }
  const customer = await repo.customerByDomain(tx, input.customerDomain.trim());
  if (!customer) return;
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
  await recordEvent(tx, events, {
    action: 'relationship.requested',
    organizationId: customer.id,
    target: { type: 'delegated_admin_relationship', id, label: customer.name },
    changes: { providerId: actor.organizationId, roles: input.roles, durationDays: input.durationDays },
  });
  // Read once the request is pending: the Admins' addresses are given only to the provider that asked.
  const admins = await repo.requestRecipients(tx, customer.id);
  for (const admin of admins) {
    await queueMail(tx, {
      organizationId: customer.id,
      sender: { organizationId: actor.organizationId, limits: input.mail.mailLimits },
      recipient: admin.email,
      language: admin.language ?? customer.language,
      template: 'relationship_request',
      params: {
        providerName: provider?.name ?? '',
        customerName: customer.name,
        roles: input.roles.join(', '),
        durationDays: input.durationDays,
        url: `${input.mail.publicUrl}/relationships`,
      },
    });
  }
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
  { actor, now, tx, events }: ServiceContext,
  { id, decision }: { id: string; decision: Decision },
) {
  const rule = decisions[decision];
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
  await recordEvent(tx, events, { ...event, organizationId: relationship.customerId });
  if (actorIsCustomer) await recordEvent(tx, events, { ...event, organizationId: relationship.providerId });
  return { row: after, parties: await partiesOf(tx, [after]) };
}

/** The relationship an onboarding opens between the sender and its new customer: active at once, for two years. */
export async function openOnboardingRelationship(
  { tx, now }: SystemContext,
  input: { providerId: string; customerId: string },
): Promise<string> {
  return repo.insert(tx, {
    providerId: input.providerId,
    customerId: input.customerId,
    roles: ONBOARDING_ROLES,
    durationDays: ONBOARDING_DURATION_DAYS,
    status: 'active',
    createdAt: now,
    startsAt: now,
    endsAt: new Date(now.getTime() + ONBOARDING_DURATION_DAYS * DAY_MS),
  });
}
