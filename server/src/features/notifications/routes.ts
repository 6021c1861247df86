import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeTimeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentItem, presentPublication } from './presenter.ts';
import {
  BulkResultSchema,
  BulkUpdateBody,
  ItemParams,
  NotificationCountsSchema,
  NotificationItemCollection,
  NotificationItemSchema,
  NotificationListQuery,
  PublicationCollection,
  PublicationInput,
  PublicationListQuery,
  PublicationSchema,
  ReachPreviewBody,
  ReachSchema,
  UpdateItemBody,
} from './schemas.ts';
import {
  bulkUpdate,
  completeAction,
  getCounts,
  getItem,
  listItems,
  listPublications,
  markAllRead,
  previewReach,
  publish,
  updateItem,
  withdrawPublication,
} from './service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: 'Your actions and notifications: one tab of the Notification Center, with its filters',
        querystring: NotificationListQuery,
        response: { 200: NotificationItemCollection, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const { size = 50, view = 'actions', sort, ...filters } = request.query;
      const cursor = decodeTimeCursor(request);
      const { rows, totalCount } = await request.run(listItems, {
        filter: {
          view,
          workspace: filters.workspace,
          category: filters.category,
          state: filters.state,
          unread: filters.unread,
          dueBefore: filters.dueBefore ? new Date(filters.dueBefore) : undefined,
          q: filters.q?.trim() || undefined,
          // Only actions have due dates: the other tabs are by date whatever is asked.
          sort: view === 'actions' ? (sort ?? 'due') : 'date',
        },
        after: cursor ? { at: cursor.createdAt, id: cursor.id } : null,
        limit: size + 1,
      });
      return toCollection(rows, size, totalCount, request, presentItem, (r) => [r.cursorAt, r.id]);
    },
  );

  app.get(
    '/notifications/counts',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: "The bell's figures: pending critical actions and unread notifications, exact",
        response: { 200: NotificationCountsSchema, 401: ProblemSchema },
      },
    },
    (request) => request.run(getCounts, undefined),
  );

  app.get(
    '/notifications/:id',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: 'One of your actions or notifications',
        params: ItemParams,
        response: { 200: NotificationItemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => presentItem(await request.run(getItem, request.params)),
  );

  app.patch(
    '/notifications/:id',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: 'Mark one item read or unread, archive or restore it (mandatory actions cannot be archived: 409)',
        params: ItemParams,
        body: UpdateItemBody,
        response: { 200: NotificationItemSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request) => presentItem(await request.run(updateItem, { ...request.body, id: request.params.id })),
  );

  app.post(
    '/notifications/bulk',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: 'Mark several items read or unread, archive or restore them: all or nothing',
        body: BulkUpdateBody,
        response: { 200: BulkResultSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => request.run(bulkUpdate, request.body),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { permission: 'notifications.read' },
      schema: {
        tags,
        summary: 'Mark every unread notification you receive as read',
        response: { 200: BulkResultSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    (request) => request.run(markAllRead, undefined),
  );

  app.post(
    '/actions/:id/complete',
    {
      config: { permission: 'notifications.complete' },
      schema: {
        tags,
        summary: 'Mark an action as done, for your whole organisation',
        params: ItemParams,
        response: { 200: NotificationItemSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request) => presentItem(await request.run(completeAction, request.params)),
  );

  app.get(
    '/notifications/publications',
    {
      config: { permission: 'notifications.publish' },
      schema: {
        tags,
        summary: "The vendor's publications, newest first, with their reach, reads and completions",
        querystring: PublicationListQuery,
        response: { 200: PublicationCollection, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const cursor = decodeTimeCursor(request);
      const { rows, totalCount } = await request.run(listPublications, {
        after: cursor ? { at: cursor.createdAt, id: cursor.id } : null,
        limit: size + 1,
      });
      return toCollection(rows, size, totalCount, request, presentPublication, (r) => [r.cursorAt, r.id]);
    },
  );

  app.post(
    '/notifications/publications',
    {
      config: { permission: 'notifications.publish' },
      schema: {
        tags,
        summary: 'Publish an action or a notification to part of the channel, now or at a date',
        body: PublicationInput,
        response: { 201: PublicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const publication = await request.run(publish, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/notifications/publications/${publication.id}`)
        .send(presentPublication(publication));
    },
  );

  app.post(
    '/notifications/publications/preview',
    {
      config: { permission: 'notifications.publish' },
      schema: {
        tags,
        summary: 'How many organisations and users a publication would reach now',
        body: ReachPreviewBody,
        response: { 200: ReachSchema, ...errors },
      },
    },
    (request) => request.run(previewReach, request.body),
  );

  app.post(
    '/notifications/publications/:id/withdraw',
    {
      config: { permission: 'notifications.publish' },
      schema: {
        tags,
        summary: 'Withdraw a publication: it leaves every Notification Center at once',
        params: ItemParams,
        response: { 200: PublicationSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request) => presentPublication(await request.run(withdrawPublication, request.params)),
  );
};
