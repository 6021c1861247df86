/**
 * Every domain event Relais records, and who may hear of it: the one place that decides an event's audience.
 *
 * An event always belongs to the audit log of the organisation it concerns and of the organisation whose person
 * caused it (`organization_id`, `actor_organization_id`); members of those organisations who may read the audit log
 * receive it whole on the live stream, and row-level security lets nobody else read the row. Seeing an organisation
 * in a list is not seeing its security log: a distributor sees its partner, not its partner's sign-ins and tokens.
 *
 * Some changes also move figures that other organisations see — a customer's subscriptions and service requests
 * show in every list that contains the customer. For those, the audience widens, and the others receive a *notice*:
 * the action and the organisation it concerns, enough to refresh a list, without the actor, the target or its label
 * (hub.ts, `noticeOf`).
 *
 * - `organization`: the audit-log organisations only (the default for anything about people, access and security).
 * - `viewers`: plus a notice to every organisation that sees the concerned one when the event is delivered.
 * - `everyone`: plus a notice to every organisation (public records: incidents, the catalogue), naming the target.
 * - `recipients`: plus a notice, naming the target, to every organisation a Notification Center item reaches (its
 *   targets and broadcast audience, `relais_notification_reaches`): the target is the item.
 */
export type EventAudience = 'organization' | 'viewers' | 'everyone' | 'recipients';

export const EVENT_AUDIENCE = {
  // Sign-in and sessions: the organisation's own security log.
  'auth.signed_in': 'organization',
  'auth.signed_out': 'organization',
  'auth.sign_in_failed': 'organization',
  'token.created': 'organization',
  'token.revoked': 'organization',
  'user.preferences_updated': 'organization',
  'organization.sso_updated': 'organization',
  'organization.sso_removed': 'organization',
  // Operators of an organisation: its people, its business.
  'operator.invited': 'organization',
  'operator.invitation_resent': 'organization',
  'operator.invitation_revoked': 'organization',
  'operator.activated': 'organization',
  'operator.imported': 'organization',
  'operator.roles_changed': 'organization',
  'operator.removed': 'organization',
  // Activation links are the sender's outreach; the onboarding they lead to changes who sees whom.
  'activationlink.created': 'organization',
  'activationlink.resent': 'organization',
  'activationlink.revoked': 'organization',
  'customer.onboarded': 'viewers',
  'partner.onboarded': 'viewers',
  // A request or a refusal concerns the two parties; a relationship that starts or ends moves the lists.
  'relationship.requested': 'organization',
  'relationship.declined': 'organization',
  'relationship.approved': 'viewers',
  'relationship.terminated': 'viewers',
  'relationship.expiring': 'viewers',
  'relationship.expired': 'viewers',
  // What the lists show of a customer: licences, expiries, open requests.
  'subscription.created': 'viewers',
  'subscription.updated': 'viewers',
  'subscription.expiring': 'viewers',
  'servicerequest.created': 'viewers',
  'servicerequest.updated': 'viewers',
  // Published by the vendor for everyone.
  'incident.created': 'everyone',
  'incident.updated': 'everyone',
  // One row per affected customer, written in bulk and never announced (the incident event above is).
  'incident.affecting': 'organization',
  'product.created': 'everyone',
  'sku.created': 'everyone',
  // The Notification Center: an item published (by the vendor, or raised by a reaction) or withdrawn reaches its
  // audience; what a person does with it (read, archive) and an action's completion stay in their organisation.
  'notification.published': 'recipients',
  'notification.withdrawn': 'recipients',
  'notification.states_changed': 'organization',
  'action.completed': 'organization',
} as const satisfies Record<string, EventAudience>;

/** An action Relais records: `<resource>.<past participle>`. */
export type EventAction = keyof typeof EVENT_AUDIENCE;

type FromTo<T> = { from: T; to: T };
type SubscriptionStatus = 'active' | 'suspended' | 'expired' | 'cancelled';
type RelationshipStatus = 'pending' | 'active' | 'expiring' | 'expired' | 'declined' | 'terminated';
type ServiceRequestStatus = 'open' | 'attention_needed' | 'closed';

/**
 * What each action records in `changes` (null: nothing beyond its target): the payload recordEvent requires and a
 * reaction receives. Dates are ISO strings, as stored in jsonb.
 */
export interface EventChanges {
  'auth.signed_in': { ip: string; via: string };
  'auth.signed_out': null;
  'auth.sign_in_failed': { ip: string; via?: 'sso'; reason?: string };
  'token.created': { name: string; expiresAt: string | null };
  'token.revoked': null;
  'user.preferences_updated': { language: FromTo<string | null> };
  'organization.sso_updated': {
    kind: string;
    issuer: string | null;
    clientId: string | null;
    directoryTenantId: string | null;
    required: boolean;
    clientSecretChanged: boolean;
    bindingsReset: number;
  };
  'organization.sso_removed': { kind: string; bindingsReset: number };
  'operator.invited': { roles: string[]; expiresAt: string };
  'operator.invitation_resent': { sendCount: number; expiresAt: string };
  'operator.invitation_revoked': { roles: string[] };
  'operator.activated': { via: string };
  'operator.imported': { roles: string[]; status: 'pending'; legacyRoles: string[] };
  // A change in the Operators page; one by the legacy import, which names the legacy roles it came from.
  'operator.roles_changed': { roles: FromTo<string[]> } | { before: string[]; after: string[]; legacyRoles: string[] };
  'operator.removed': { roles: string[] };
  'activationlink.created': { kind: string; recipientEmail: string; language: string; skus: unknown[] };
  'activationlink.resent': { sendCount: number; expiresAt: string };
  'activationlink.revoked': null;
  'customer.onboarded': { activationLinkId: string; senderOrganizationId: string; primaryDomain: string };
  'partner.onboarded': { activationLinkId: string; senderOrganizationId: string; primaryDomain: string };
  'relationship.requested': { providerId: string; roles: string[]; durationDays: number };
  'relationship.declined': { status: FromTo<RelationshipStatus>; endsAt?: string };
  'relationship.approved': { status: FromTo<RelationshipStatus>; endsAt?: string };
  'relationship.terminated': { status: FromTo<RelationshipStatus>; endsAt?: string };
  'relationship.expiring': { endsAt: string };
  'relationship.expired': { endsAt: string };
  'subscription.created': { skuId: string; quantity: number; termMonths: number };
  'subscription.updated': {
    quantity?: FromTo<number>;
    status?: FromTo<SubscriptionStatus>;
    autoRenew?: FromTo<boolean>;
    commitmentEndsAt?: FromTo<string>;
    renewed?: boolean;
  };
  // `autoRenew`: whether it will start a new term by itself (absent from events recorded before it was added).
  'subscription.expiring': { commitmentEndsAt: string; autoRenew?: boolean };
  'servicerequest.created': { title: string; severity: string; productId: string | null; onBehalf: boolean };
  // `requesterId`: the organisation that opened the request (the customer, or a partner on its behalf).
  'servicerequest.updated': { status?: FromTo<ServiceRequestStatus>; noteAdded: boolean; requesterId?: string };
  'incident.created': { productId: string; kind: string; severity: string; scope: string; status: string };
  'incident.updated': { status?: FromTo<string>; message: string };
  'incident.affecting': { kind: string; severity: string; status: string; reopened?: boolean };
  'product.created': { name: string; adminCenters: string[] };
  'sku.created': { productId: string; code: string; name: string; commerceType: string };
  'notification.published': { type: string; category: string; workspace: string; source: 'vendor' | 'system' };
  'notification.withdrawn': null;
  // One person's change to one item (`target`) or to many (`count`, target `bulk`).
  'notification.states_changed': { read?: boolean; archived?: boolean; count: number };
  'action.completed': { via: 'manual' | 'task' };
}

// Every action has its payload, and every payload its action (either missing fails typecheck here).
const payloadsCoverActions: Record<EventAction, unknown> = {} as EventChanges;
const actionsCoverPayloads: Record<keyof EventChanges, unknown> = EVENT_AUDIENCE;
void payloadsCoverActions;
void actionsCoverPayloads;

export const EVENT_ACTIONS = Object.keys(EVENT_AUDIENCE) as EventAction[];

/** The audience of an action; an action this build does not know (an older or newer instance's) stays private. */
export function audienceOf(action: string): EventAudience {
  return Object.hasOwn(EVENT_AUDIENCE, action) ? EVENT_AUDIENCE[action as EventAction] : 'organization';
}
