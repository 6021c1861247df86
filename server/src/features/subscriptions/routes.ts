import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf } from '../../platform/http/etag.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentSubscription } from './presenter.ts';
import {
  CreateSubscriptionBody,
  CustomerParams,
  SubscriptionCollection,
  SubscriptionListQuery,
  SubscriptionParams,
  SubscriptionSchema,
  UpdateSubscriptionBody,
} from './schemas.ts';
import { createSubscription, getSubscription, listSubscriptions, updateSubscription } from './service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const subscriptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/subscriptions',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags: ['subscriptions'],
        summary: "A customer's subscriptions: active first, then by commitment end",
        params: CustomerParams,
        querystring: SubscriptionListQuery,
        response: { 200: SubscriptionCollection, ...errors },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 3);
      const { rows, totalCount, names } = await request.run(listSubscriptions, {
        customerId: request.params.id,
        after,
        size,
      });
      return toCollection(
        rows,
        size,
        totalCount,
        request,
        (row) => presentSubscription(row, names),
        (row) => [row.statusRank, row.subscription.commitmentEndsAt.toISOString(), row.subscription.id],
      );
    },
  );

  app.post(
    '/customers/:id/subscriptions',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags: ['subscriptions'],
        summary: 'Create a subscription (the vendor, or the billing distributor)',
        params: CustomerParams,
        body: CreateSubscriptionBody,
        response: { 201: SubscriptionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { row, names } = await request.run(createSubscription, {
        customerId: request.params.id,
        body: request.body,
      });
      return reply.code(201).header('etag', etagOf(row.subscription.version)).send(presentSubscription(row, names));
    },
  );

  app.get(
    '/subscriptions/:id',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags: ['subscriptions'],
        summary: 'One subscription',
        params: SubscriptionParams,
        response: { 200: SubscriptionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { row, names } = await request.run(getSubscription, request.params);
      return reply.header('etag', etagOf(row.subscription.version)).send(presentSubscription(row, names));
    },
  );

  app.patch(
    '/subscriptions/:id',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags: ['subscriptions'],
        summary: 'Change quantity, status or renewal (If-Match honoured)',
        params: SubscriptionParams,
        body: UpdateSubscriptionBody,
        response: { 200: SubscriptionSchema, 409: ProblemSchema, 412: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { row, names } = await request.run(updateSubscription, {
        id: request.params.id,
        patch: request.body,
        ifMatch: request.headers['if-match'],
      });
      return reply.header('etag', etagOf(row.subscription.version)).send(presentSubscription(row, names));
    },
  );
};
