import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf } from '../../platform/http/etag.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentCustomerHealth, presentIncident } from './presenter.ts';
import {
  CreateIncidentBody,
  CustomerHealthSchema,
  CustomerParams,
  IfMatchHeaders,
  IncidentCollection,
  IncidentListQuery,
  IncidentParams,
  IncidentSchema,
  UpdateIncidentBody,
} from './schemas.ts';
import { createIncident, getCustomerHealth, listIncidents, updateIncident } from './service.ts';

export const serviceHealthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['servicehealth'];
  app.get(
    '/incidents',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags,
        summary: 'Incidents and advisories on the services, newest first (public to every signed-in organisation)',
        querystring: IncidentListQuery,
        response: { 200: IncidentCollection, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 2);
      const { rows, totalCount } = await request.run(listIncidents, { status: request.query.status, after, size });
      return toCollection(rows, size, totalCount, request, presentIncident, (r) => [r.cursorAt, r.incident.id]);
    },
  );

  app.post(
    '/incidents',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags,
        summary: 'Record an incident or advisory with its first update (vendor)',
        body: CreateIncidentBody,
        response: { 201: IncidentSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const view = await request.run(createIncident, request.body);
      return reply.code(201).header('etag', etagOf(view.incident.version)).send(presentIncident(view));
    },
  );

  app.patch(
    '/incidents/:id',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags,
        summary:
          'Post an update on an incident, maybe with a new status; `resolved` ends it (vendor, If-Match honoured)',
        params: IncidentParams,
        headers: IfMatchHeaders,
        body: UpdateIncidentBody,
        response: {
          200: IncidentSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          412: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const view = await request.run(updateIncident, {
        id: request.params.id,
        body: request.body,
        ifMatch: request.headers['if-match'],
      });
      return reply.header('etag', etagOf(view.incident.version)).send(presentIncident(view));
    },
  );

  app.get(
    '/customers/:id/servicehealth',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags,
        summary: "A customer's health, its open incidents and those resolved in the last 7 days",
        params: CustomerParams,
        response: { 200: CustomerHealthSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const health = await request.run(getCustomerHealth, { customerId: request.params.id });
      return presentCustomerHealth(health);
    },
  );
};
