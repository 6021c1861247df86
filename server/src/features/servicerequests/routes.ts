import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf } from '../../platform/http/etag.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentServiceRequest, presentServiceRequestDetail } from './presenter.ts';
import {
  CreateServiceRequestBody,
  CustomerParams,
  IfMatchHeaders,
  ServiceRequestCollection,
  ServiceRequestDetailSchema,
  ServiceRequestListQuery,
  ServiceRequestParams,
  UpdateServiceRequestBody,
} from './schemas.ts';
import { createServiceRequest, getServiceRequest, listServiceRequests, updateServiceRequest } from './service.ts';

export const serviceRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['servicerequests'];
  app.get(
    '/customers/:id/servicerequests',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags,
        summary: "A customer's service requests, newest first",
        params: CustomerParams,
        querystring: ServiceRequestListQuery,
        response: { 200: ServiceRequestCollection, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 2);
      const { rows, totalCount } = await request.run(listServiceRequests, {
        customerId: request.params.id,
        status: request.query.status,
        after,
        size,
      });
      return toCollection(rows, size, totalCount, request, presentServiceRequest, (r) => [
        r.cursorAt,
        r.request.number,
      ]);
    },
  );

  app.post(
    '/customers/:id/servicerequests',
    {
      config: { permission: 'servicerequests.write' },
      schema: {
        tags,
        summary: "Open a service request for a customer (its own operators, or a partner on the customer's behalf)",
        params: CustomerParams,
        body: CreateServiceRequestBody,
        response: {
          201: ServiceRequestDetailSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const view = await request.run(createServiceRequest, { customerId: request.params.id, body: request.body });
      return reply.code(201).header('etag', etagOf(view.request.version)).send(presentServiceRequestDetail(view));
    },
  );

  app.get(
    '/servicerequests/:id',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags,
        summary: 'One service request with its notes (ETag)',
        params: ServiceRequestParams,
        response: { 200: ServiceRequestDetailSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const view = await request.run(getServiceRequest, request.params);
      return reply.header('etag', etagOf(view.request.version)).send(presentServiceRequestDetail(view));
    },
  );

  app.patch(
    '/servicerequests/:id',
    {
      config: { permission: 'servicerequests.write' },
      schema: {
        tags,
        summary: 'Change the status of a service request and/or add a note (If-Match honoured)',
        params: ServiceRequestParams,
        headers: IfMatchHeaders,
        body: UpdateServiceRequestBody,
        response: {
          200: ServiceRequestDetailSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          412: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const view = await request.run(updateServiceRequest, {
        id: request.params.id,
        body: request.body,
        ifMatch: request.headers['if-match'],
      });
      return reply.header('etag', etagOf(view.request.version)).send(presentServiceRequestDetail(view));
    },
  );
};
