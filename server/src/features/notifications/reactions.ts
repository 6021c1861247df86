import { and, eq, inArray, sql } from 'drizzle-orm';
import { delegatedAdminRelationships, organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import type { SystemTx } from '../../platform/db/scope.ts';
import type { EventAction } from '../../platform/events/catalogue.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { defineReaction, type ReactionEvent } from '../../platform/events/reactions.ts';
import type { Task } from '../../platform/jobs/worker.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import * as repo from './repository.ts';

/**
 * Where the Notification Center's system items come from: reactions to other features' events (never a call from
 * them). Each raises its item once (its dedupe key) in the reaction's transaction, with the event that tells the
 * recipients' bells, and completes the actions whose task an event reports done.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
type Texts = { fr: string; en: string };

async function namesOf(tx: SystemTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Raises one item for one organisation and tells its people, unless its key was raised before. */
async function raiseFor(
  tx: SystemTx,
  now: Date,
  event: ReactionEvent,
  organizationId: string,
  item: Omit<repo.RaisedItem, 'sourceEventId'>,
) {
  const id = await repo.raise(tx, { ...item, sourceEventId: event.id }, [organizationId], now);
  if (!id) return;
  await recordEvent(
    tx,
    { actor: null },
    {
      action: 'notification.published',
      organizationId,
      target: { type: 'notification', id, label: item.title.en },
      changes: { type: item.type, category: item.category, workspace: item.workspace, source: 'system' },
    },
  );
}

/** Completes the actions waiting for a task, and tells each organisation's people. */
export async function completeTask(tx: SystemTx, now: Date, key: string, organizationId: string | null) {
  for (const done of await repo.completeByTask(tx, key, organizationId, now)) {
    await recordEvent(
      tx,
      { actor: null },
      {
        action: 'action.completed',
        organizationId: done.organizationId,
        target: { type: 'notification', id: done.itemId, label: null },
        changes: { via: 'task' },
      },
    );
  }
}

/** The key of "renew delegated access" between a provider and a customer: any new approval renews it. */
const renewalKey = (providerId: string, customerId: string) => `delegated-admin:${providerId}:${customerId}`;
const requestKey = (relationshipId: string) => `delegated-admin-request:${relationshipId}`;
const subscriptionKey = (subscriptionId: string) => `subscription-renewal:${subscriptionId}`;

async function relationshipOf(tx: SystemTx, id: string) {
  const [row] = await tx
    .select({
      providerId: delegatedAdminRelationships.providerId,
      customerId: delegatedAdminRelationships.customerId,
      endsAt: delegatedAdminRelationships.endsAt,
    })
    .from(delegatedAdminRelationships)
    .where(eq(delegatedAdminRelationships.id, id));
  return row;
}

const relationshipActions = [
  'relationship.requested',
  'relationship.approved',
  'relationship.declined',
  'relationship.terminated',
  'relationship.expiring',
  'relationship.expired',
] as const satisfies readonly EventAction[];

export const relationshipNotifications = defineReaction({
  name: 'notifications.relationships',
  actions: relationshipActions,
  async handle({ tx, now }, event) {
    const relationship = await relationshipOf(tx, event.target.id);
    if (!relationship) return;
    const { providerId, customerId } = relationship;
    const names = await namesOf(tx, [providerId, customerId]);
    const provider = names.get(providerId) ?? '';
    const customer = names.get(customerId) ?? '';
    switch (event.action) {
      case 'relationship.requested':
        await raiseFor(tx, now, event, customerId, {
          type: 'action',
          category: 'recommended',
          workspace: 'relationships',
          title: {
            fr: `Répondre à la demande d'accès délégué de ${provider}`,
            en: `Respond to ${provider}'s request for delegated access`,
          },
          body: {
            fr: `${provider} demande un accès d'administration délégué à votre organisation. Approuvez ou refusez la demande.`,
            en: `${provider} asks for delegated admin access to your organisation. Approve or decline the request.`,
          },
          link: '/relationships',
          dueAt: new Date(now.getTime() + 14 * DAY_MS),
          completesOn: requestKey(event.target.id),
          dedupeKey: requestKey(event.target.id),
        });
        return;
      case 'relationship.approved':
        // Once per event recorded for each party: the request is answered, and a new approval renews access.
        if (event.organizationId !== customerId) return;
        await completeTask(tx, now, requestKey(event.target.id), customerId);
        await completeTask(tx, now, renewalKey(providerId, customerId), providerId);
        return;
      case 'relationship.declined':
      case 'relationship.terminated':
        if (event.organizationId !== customerId) return;
        await completeTask(tx, now, requestKey(event.target.id), customerId);
        return;
      case 'relationship.expiring': {
        const endsAt = new Date((event as ReactionEvent<'relationship.expiring'>).changes.endsAt);
        await raiseFor(tx, now, event, providerId, {
          type: 'action',
          category: 'recommended',
          workspace: 'relationships',
          title: {
            fr: `Renouveler l'accès délégué à ${customer}`,
            en: `Renew delegated access to ${customer}`,
          },
          body: {
            fr: `Votre accès d'administration délégué à ${customer} prend fin le ${endsAt.toISOString().slice(0, 10)}. Demandez-en le renouvellement pour continuer à gérer ce client.`,
            en: `Your delegated admin access to ${customer} ends on ${endsAt.toISOString().slice(0, 10)}. Ask for a renewal to keep managing this customer.`,
          },
          link: '/relationships',
          dueAt: endsAt,
          completesOn: renewalKey(providerId, customerId),
          dedupeKey: `delegated-admin-expiring:${event.target.id}:${endsAt.toISOString()}`,
        });
        return;
      }
      case 'relationship.expired': {
        const forProvider = event.organizationId === providerId;
        const endsAt = (event as ReactionEvent<'relationship.expired'>).changes.endsAt;
        const title: Texts = forProvider
          ? { fr: `L'accès délégué à ${customer} a expiré`, en: `Delegated access to ${customer} has expired` }
          : { fr: `L'accès délégué de ${provider} a expiré`, en: `${provider}'s delegated access has expired` };
        await raiseFor(tx, now, event, event.organizationId, {
          type: 'notification',
          category: 'transactional',
          workspace: 'relationships',
          title,
          body: forProvider
            ? {
                fr: `Vous ne gérez plus ${customer}. Une nouvelle demande d'accès délégué rétablirait la relation.`,
                en: `You no longer manage ${customer}. A new delegated access request would restore the relationship.`,
              }
            : {
                fr: `${provider} n'a plus d'accès d'administration délégué à votre organisation.`,
                en: `${provider} no longer has delegated admin access to your organisation.`,
              },
          link: '/relationships',
          dedupeKey: `delegated-admin-expired:${event.target.id}:${endsAt}:${event.organizationId}`,
        });
        return;
      }
    }
  },
});

export const serviceRequestNotifications = defineReaction({
  name: 'notifications.servicerequests',
  actions: ['servicerequest.created', 'servicerequest.updated'] as const,
  async handle({ tx, now }, event) {
    const customerId = event.organizationId;
    const label = event.target.label ?? '';
    if (event.action === 'servicerequest.created') {
      const changes = (event as ReactionEvent<'servicerequest.created'>).changes;
      const requesterId = event.actorOrganizationId;
      if (!changes.onBehalf || !requesterId) return;
      const names = await namesOf(tx, [requesterId, customerId]);
      const requester = names.get(requesterId) ?? '';
      const customer = names.get(customerId) ?? '';
      await raiseFor(tx, now, event, customerId, {
        type: 'notification',
        category: 'transactional',
        workspace: 'support',
        title: { fr: `Demande ouverte pour vous : ${label}`, en: `Request opened on your behalf: ${label}` },
        body: {
          fr: `${requester} a ouvert la demande de service ${label} pour votre organisation.`,
          en: `${requester} opened service request ${label} for your organisation.`,
        },
        link: '/organization',
        dedupeKey: `servicerequest:${event.id}:${customerId}`,
      });
      await raiseFor(tx, now, event, requesterId, {
        type: 'notification',
        category: 'transactional',
        workspace: 'support',
        title: { fr: `Demande ouverte pour ${customer} : ${label}`, en: `Request opened for ${customer}: ${label}` },
        body: {
          fr: `La demande de service ${label} a été ouverte pour ${customer}.`,
          en: `Service request ${label} was opened for ${customer}.`,
        },
        link: `/organizations/${customerId}`,
        dedupeKey: `servicerequest:${event.id}:${requesterId}`,
      });
      return;
    }
    const changes = (event as ReactionEvent<'servicerequest.updated'>).changes;
    const requesterId = changes.requesterId;
    // Requests opened on a customer's behalf, answered or closed: both sides hear of it, but not whoever did it.
    if (!requesterId || requesterId === customerId) return;
    const closed = changes.status?.to === 'closed';
    if (!closed && !changes.noteAdded) return;
    for (const organizationId of [customerId, requesterId]) {
      if (organizationId === event.actorOrganizationId) continue;
      await raiseFor(tx, now, event, organizationId, {
        type: 'notification',
        category: 'transactional',
        workspace: 'support',
        title: closed
          ? { fr: `Demande fermée : ${label}`, en: `Request closed: ${label}` }
          : { fr: `Nouvelle réponse : ${label}`, en: `New answer: ${label}` },
        body: closed
          ? { fr: `La demande de service ${label} a été fermée.`, en: `Service request ${label} was closed.` }
          : {
              fr: `Une réponse a été ajoutée à la demande de service ${label}.`,
              en: `An answer was added to service request ${label}.`,
            },
        link: organizationId === customerId ? '/organization' : `/organizations/${customerId}`,
        dedupeKey: `servicerequest:${event.id}:${organizationId}`,
      });
    }
  },
});

export const onboardingNotifications = defineReaction({
  name: 'notifications.onboarding',
  actions: ['customer.onboarded', 'partner.onboarded'] as const,
  async handle({ tx, now }, event) {
    const changes = (event as ReactionEvent<'customer.onboarded'>).changes;
    const name = event.target.label ?? changes.primaryDomain;
    const customer = event.action === 'customer.onboarded';
    await raiseFor(tx, now, event, changes.senderOrganizationId, {
      type: 'notification',
      category: 'transactional',
      workspace: customer ? 'customers' : 'relationships',
      title: {
        fr: `${name} a accepté votre lien d'activation`,
        en: `${name} accepted your activation link`,
      },
      body: customer
        ? { fr: `${name} est maintenant votre client.`, en: `${name} is now your customer.` }
        : { fr: `${name} est maintenant votre partenaire.`, en: `${name} is now your partner.` },
      link: `/organizations/${event.organizationId}`,
      dedupeKey: `onboarded:${event.id}`,
    });
  },
});

export const subscriptionNotifications = defineReaction({
  name: 'notifications.subscriptions',
  actions: ['subscription.expiring', 'subscription.updated'] as const,
  async handle({ tx, now }, event) {
    if (event.action === 'subscription.updated') {
      const changes = (event as ReactionEvent<'subscription.updated'>).changes;
      const renewed = changes.renewed === true || changes.autoRenew?.to === true;
      const ended = changes.status?.to === 'cancelled' || changes.status?.to === 'expired';
      if (renewed || ended) await completeTask(tx, now, subscriptionKey(event.target.id), event.organizationId);
      return;
    }
    const expiring = (event as ReactionEvent<'subscription.expiring'>).changes;
    // One that renews by itself asks nothing of anyone.
    if (expiring.autoRenew === true) return;
    const endsAt = new Date(expiring.commitmentEndsAt);
    const sku = event.target.label ?? '';
    await raiseFor(tx, now, event, event.organizationId, {
      type: 'action',
      category: 'recommended',
      workspace: 'subscriptions',
      title: { fr: `Renouveler ${sku}`, en: `Renew ${sku}` },
      body: {
        fr: `L'abonnement ${sku} prend fin le ${endsAt.toISOString().slice(0, 10)} et ne se renouvelle pas seul. Renouvelez-le ou activez le renouvellement automatique.`,
        en: `The ${sku} subscription ends on ${endsAt.toISOString().slice(0, 10)} and does not renew by itself. Renew it or turn on automatic renewal.`,
      },
      link: '/organization',
      dueAt: endsAt,
      completesOn: subscriptionKey(event.target.id),
      dedupeKey: `subscription-expiring:${event.target.id}:${endsAt.toISOString()}`,
    });
  },
});

export const operatorNotifications = defineReaction({
  name: 'notifications.operators',
  actions: ['operator.invited', 'operator.removed', 'organization.sso_updated', 'organization.sso_removed'] as const,
  async handle({ tx, now }, event) {
    const who = event.target.label ?? '';
    const texts: Record<typeof event.action, { title: Texts; body: Texts }> = {
      'operator.invited': {
        title: { fr: `${who} a été invité`, en: `${who} was invited` },
        body: {
          fr: `Une invitation a été envoyée à ${who}. Ses rôles s'appliqueront dès son acceptation.`,
          en: `An invitation was sent to ${who}. Their roles apply once they accept it.`,
        },
      },
      'operator.removed': {
        title: { fr: `${who} a été retiré`, en: `${who} was removed` },
        body: {
          fr: `${who} n'a plus accès au portail pour votre organisation.`,
          en: `${who} no longer has access to the portal for your organisation.`,
        },
      },
      'organization.sso_updated': {
        title: { fr: "L'authentification unique a été modifiée", en: 'Single sign-on was changed' },
        body: {
          fr: "Les réglages d'authentification unique de votre organisation ont été modifiés.",
          en: "Your organisation's single sign-on settings were changed.",
        },
      },
      'organization.sso_removed': {
        title: { fr: "L'authentification unique a été retirée", en: 'Single sign-on was removed' },
        body: {
          fr: "Votre organisation n'utilise plus l'authentification unique : les mots de passe s'appliquent.",
          en: 'Your organisation no longer uses single sign-on: passwords apply.',
        },
      },
    };
    const operators = event.action === 'operator.invited' || event.action === 'operator.removed';
    await raiseFor(tx, now, event, event.organizationId, {
      type: 'notification',
      category: 'transactional',
      workspace: operators ? 'operators' : 'security',
      ...texts[event.action],
      link: operators ? '/settings/operators' : '/settings/sso',
      roles: ['admin'],
      dedupeKey: `${event.action}:${event.id}`,
    });
  },
});

const secondAdminKey = (organizationId: string) => `second-admin:${organizationId}`;

/**
 * An organisation with a single active Admin is one lost password away from locking itself out: a mandatory action
 * asks it for a second, and completes itself once there are two. Checked when an organisation arrives and whenever
 * its operators or their roles change.
 */
export const secondAdminAction = defineReaction({
  name: 'notifications.second-admin',
  actions: [
    'customer.onboarded',
    'partner.onboarded',
    'operator.activated',
    'operator.roles_changed',
    'operator.removed',
  ] as const,
  async handle({ tx, now }, event) {
    const organizationId = event.organizationId;
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(
        and(eq(users.organizationId, organizationId), eq(users.status, 'active'), sql`'admin' = ANY(${users.roles})`),
      );
    const admins = row?.n ?? 0;
    const key = secondAdminKey(organizationId);
    if (admins >= 2) {
      await completeTask(tx, now, key, organizationId);
      return;
    }
    if (admins === 0 || (await repo.hasOpenAction(tx, key, organizationId))) return;
    await raiseFor(tx, now, event, organizationId, {
      type: 'action',
      category: 'mandatory',
      workspace: 'account',
      title: { fr: 'Ajoutez un second Administrateur', en: 'Add a second Admin' },
      body: {
        fr: "Votre organisation n'a qu'un Administrateur : s'il perd son accès, plus personne ne peut gérer les opérateurs ni les réglages. Invitez un second Administrateur ou donnez ce rôle à un opérateur.",
        en: 'Your organisation has a single Admin: if they lose access, nobody can manage operators or settings any more. Invite a second Admin or give the role to an operator.',
      },
      link: '/settings/operators',
      dueAt: new Date(now.getTime() + 30 * DAY_MS),
      completesOn: key,
      dedupeKey: `${key}:${event.id}`,
    });
  },
});

export const notificationReactions = [
  relationshipNotifications,
  serviceRequestNotifications,
  onboardingNotifications,
  subscriptionNotifications,
  operatorNotifications,
  secondAdminAction,
];

/** Announces scheduled publications whose date has come: their recipients' bells hear of them then. */
export const publicationAnnounceTask: Task = {
  name: 'notification-announce',
  everyMs: 10_000,
  run: ({ database }, now) =>
    unsafeSystemTransaction(
      database.db,
      async (tx) => {
        const due = await repo.claimDue(tx, now, 100);
        for (const item of due) {
          await recordEvent(
            tx,
            { actor: null },
            {
              action: 'notification.published',
              organizationId: item.organizationId,
              target: { type: 'notification', id: item.id, label: item.title },
              changes: { type: item.type, category: item.category, workspace: item.workspace, source: 'vendor' },
            },
          );
        }
        return due.length;
      },
      now,
    ),
};
