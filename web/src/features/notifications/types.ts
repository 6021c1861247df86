import type { RequestBody, ResponseBody, Schema } from '../../api/types';

/** One action or notification as the person receives it (GET /api/v1/notifications). */
export type NotificationItem = Schema<'NotificationItem'>;
export type NotificationCounts = ResponseBody<'/api/v1/notifications/counts', 'get'>;
export type Workspace = NotificationItem['workspace'];
export type Category = NotificationItem['category'];
export type ItemType = NotificationItem['type'];
export type ActionState = NonNullable<NotificationItem['state']>;
export type BulkUpdate = RequestBody<'/api/v1/notifications/bulk', 'post'>;
export type BulkResult = ResponseBody<'/api/v1/notifications/bulk', 'post'>;
export type ItemChange = RequestBody<'/api/v1/notifications/{id}', 'patch'>;

/** The vendor's side: a publication, what it takes, and the reach preview. */
export type Publication = Schema<'Publication'>;
export type PublicationStatus = Publication['status'];
export type PublicationInput = RequestBody<'/api/v1/notifications/publications', 'post'>;
export type Audience = PublicationInput['audience'];
export type AudienceKind = NonNullable<Audience['kinds']>[number];
export type ReachPreviewBody = RequestBody<'/api/v1/notifications/publications/preview', 'post'>;
export type Reach = ResponseBody<'/api/v1/notifications/publications/preview', 'post'>;
export type PublicationRole = NonNullable<PublicationInput['roles']>[number];

/** The Notification Center's tabs, which are the list's views. */
export const VIEWS = ['actions', 'notifications', 'archive'] as const;
export type View = (typeof VIEWS)[number];

/** The server's fixed catalogue of workspaces (server/src/features/notifications/workspaces.ts), in its order. */
export const WORKSPACES = [
  'account',
  'customers',
  'operators',
  'support',
  'subscriptions',
  'benefits',
  'relationships',
  'security',
] as const satisfies readonly Workspace[];

export const CATEGORIES = [
  'mandatory',
  'recommended',
  'transactional',
  'promotional',
] as const satisfies readonly Category[];
/** Mandatory and recommended are kinds of action; transactional and promotional, of notification. */
export const CATEGORIES_OF: Record<ItemType, readonly Category[]> = {
  action: ['mandatory', 'recommended'],
  notification: ['transactional', 'promotional'],
};
export const ACTION_STATES = ['open', 'overdue', 'completed'] as const satisfies readonly ActionState[];
export const AUDIENCE_KINDS = ['distributor', 'partner', 'customer'] as const satisfies readonly AudienceKind[];
export const PUBLICATION_ROLES = [
  'admin',
  'reader',
  'admin_agent',
  'helpdesk_agent',
  'program_admin',
] as const satisfies readonly PublicationRole[];

export const TITLE_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 4000;
export const LINK_MAX_LENGTH = 500;
/** At most this many items in one bulk change (the server's BULK_MAX). */
export const BULK_MAX = 500;

export function typeOf(category: Category): ItemType {
  return category === 'mandatory' || category === 'recommended' ? 'action' : 'notification';
}

export function isWorkspace(value: unknown): value is Workspace {
  return (WORKSPACES as readonly unknown[]).includes(value);
}
export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}
export function isActionState(value: unknown): value is ActionState {
  return (ACTION_STATES as readonly unknown[]).includes(value);
}

/** A path of the portal, as the server accepts it: one leading slash, no scheme or host. */
export function isPortalPath(value: string): boolean {
  return /^\/([^/\\].*)?$/.test(value);
}
