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
 */
export type EventAudience = 'organization' | 'viewers' | 'everyone';

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
} as const satisfies Record<string, EventAudience>;

/** An action Relais records: `<resource>.<past participle>`. */
export type EventAction = keyof typeof EVENT_AUDIENCE;

export const EVENT_ACTIONS = Object.keys(EVENT_AUDIENCE) as EventAction[];

/** The audience of an action; an action this build does not know (an older or newer instance's) stays private. */
export function audienceOf(action: string): EventAudience {
  return Object.hasOwn(EVENT_AUDIENCE, action) ? EVENT_AUDIENCE[action as EventAction] : 'organization';
}
