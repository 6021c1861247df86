import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { Count, DateTime, Name, NullableDateTime, Uuid } from '../../platform/http/schemas.ts';
import { organizationKinds } from '../../core/tenancy/tables.ts';
import { roleNames } from '../../core/tenancy/roles.ts';
import { categories, itemTypes, workspaceKeys } from './workspaces.ts';

export const TITLE_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 4000;
export const LINK_MAX_LENGTH = 500;
/** At most this many items in one bulk change, and organisations in a publication's list. */
export const BULK_MAX = 500;
export const TARGETS_MAX = 1000;

const Workspace = Type.Enum([...workspaceKeys]);
const ItemType = Type.Enum([...itemTypes]);
const Category = Type.Enum([...categories]);
const ActionState = Type.Enum(['open', 'overdue', 'completed']);

const Texts = (maxLength: number) =>
  Type.Object({
    fr: Type.String({ minLength: 1, maxLength }),
    en: Type.String({ minLength: 1, maxLength }),
  });

/** A path of the portal: one leading slash, no scheme or host. */
const PortalLink = Type.String({
  minLength: 1,
  maxLength: LINK_MAX_LENGTH,
  pattern: '^/([^/\\\\].*)?$',
  description: 'A path of the portal, e.g. /relationships',
});

export const NotificationItemSchema = Type.Object(
  {
    id: Uuid,
    type: ItemType,
    category: Category,
    workspace: Workspace,
    title: Texts(TITLE_MAX_LENGTH),
    body: Texts(BODY_MAX_LENGTH),
    link: PortalLink,
    source: Type.Enum(['vendor', 'system']),
    publishedAt: DateTime,
    dueAt: NullableDateTime,
    state: Type.Union([ActionState, Type.Null()], { description: "An action's state for your organisation" }),
    read: Type.Boolean(),
    archived: Type.Boolean(),
    archivable: Type.Boolean({ description: 'False for mandatory actions, which cannot be archived' }),
    completed: Type.Union([
      Type.Object({ at: DateTime, via: Type.Enum(['manual', 'task']), by: Type.Union([Name, Type.Null()]) }),
      Type.Null(),
    ]),
  },
  { $id: 'NotificationItem' },
);
export type NotificationItem = Static<typeof NotificationItemSchema>;
export const NotificationItemCollection = Collection(NotificationItemSchema, 'NotificationItem');

export const NotificationListQuery = Type.Object({
  ...PageQuery.properties,
  view: Type.Optional(Type.Enum(['actions', 'notifications', 'archive'], { default: 'actions' })),
  workspace: Type.Optional(Workspace),
  category: Type.Optional(Category),
  state: Type.Optional(ActionState),
  unread: Type.Optional(Type.Boolean()),
  dueBefore: Type.Optional(DateTime),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sort: Type.Optional(Type.Enum(['date', 'due'], { description: 'Default: due for actions, date otherwise' })),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationCountsSchema = Type.Object(
  {
    pendingActions: Count({ description: 'Open mandatory actions and overdue recommended ones' }),
    openActions: Count({ description: 'Every open or overdue action' }),
    unreadNotifications: Count(),
  },
  { $id: 'NotificationCounts' },
);

export const ItemParams = Type.Object({ id: Uuid });

export const UpdateItemBody = Type.Object(
  { read: Type.Optional(Type.Boolean()), archived: Type.Optional(Type.Boolean()) },
  { minProperties: 1, additionalProperties: false },
);
export type UpdateItemBody = Static<typeof UpdateItemBody>;

export const BulkUpdateBody = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: BULK_MAX, uniqueItems: true }),
    read: Type.Optional(Type.Boolean()),
    archived: Type.Optional(Type.Boolean()),
  },
  { minProperties: 2, additionalProperties: false },
);
export type BulkUpdateBody = Static<typeof BulkUpdateBody>;

export const BulkResultSchema = Type.Object(
  { updated: Count({ description: 'Items whose state changed' }) },
  { $id: 'NotificationBulkResult' },
);

const Audience = Type.Object(
  {
    kinds: Type.Optional(
      Type.Array(Type.Enum(organizationKinds.filter((k) => k !== 'vendor')), {
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
      }),
    ),
    distributorId: Type.Optional(Uuid),
    organizationIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: TARGETS_MAX, uniqueItems: true })),
  },
  {
    additionalProperties: false,
    description: 'Every organisation of some kinds and/or of a distributor’s channel, or a list of organisations',
  },
);

export const PublicationInput = Type.Object(
  {
    category: Category,
    workspace: Workspace,
    title: Texts(TITLE_MAX_LENGTH),
    body: Texts(BODY_MAX_LENGTH),
    link: PortalLink,
    dueAt: Type.Optional(DateTime),
    publishAt: Type.Optional(DateTime),
    audience: Audience,
    roles: Type.Optional(Type.Array(Type.Enum([...roleNames]), { minItems: 1, maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type PublicationInput = Static<typeof PublicationInput>;

export const ReachPreviewBody = Type.Object(
  {
    workspace: Workspace,
    audience: Audience,
    roles: Type.Optional(Type.Array(Type.Enum([...roleNames]), { minItems: 1, maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ReachPreviewBody = Static<typeof ReachPreviewBody>;

export const ReachSchema = Type.Object({ organizations: Count(), users: Count() }, { $id: 'NotificationReach' });

export const PublicationSchema = Type.Object(
  {
    id: Uuid,
    type: ItemType,
    category: Category,
    workspace: Workspace,
    title: Texts(TITLE_MAX_LENGTH),
    body: Texts(BODY_MAX_LENGTH),
    link: PortalLink,
    dueAt: NullableDateTime,
    publishAt: DateTime,
    status: Type.Enum(['scheduled', 'published', 'withdrawn']),
    withdrawnAt: NullableDateTime,
    audience: Type.Object({
      kinds: Type.Union([Type.Array(Type.Enum([...organizationKinds]), { maxItems: 4 }), Type.Null()]),
      distributorId: Type.Union([Uuid, Type.Null()]),
    }),
    roles: Type.Union([Type.Array(Type.Enum([...roleNames]), { maxItems: 5 }), Type.Null()]),
    reach: Type.Object({ organizations: Count(), users: Count() }),
    reads: Count(),
    completions: Count(),
    overdue: Count({ description: 'Organisations reached whose action is past due and not done' }),
    createdBy: Type.Union([Name, Type.Null()]),
    createdAt: DateTime,
  },
  { $id: 'Publication' },
);
export type Publication = Static<typeof PublicationSchema>;
export const PublicationCollection = Collection(PublicationSchema, 'Publication');
export const PublicationListQuery = PageQuery;
