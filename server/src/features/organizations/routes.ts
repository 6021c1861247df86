import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentOrganization, presentOrganizationSummary } from './presenter.ts';
import { OrganizationCollection, OrganizationListQuery, OrganizationParams, OrganizationSchema } from './schemas.ts';
import { getOrganization, listOrganizations } from './service.ts';

export const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/organizations',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        summary: 'The organisations the caller may see',
        querystring: OrganizationListQuery,
        response: { 200: OrganizationCollection, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 2);
      const { rows, totalCount } = await request.run(listOrganizations, { ...request.query, size, after });
      return toCollection(rows, size, totalCount, request, presentOrganizationSummary, (r) => [r.name, r.id]);
    },
  );

  app.get(
    '/organizations/:id',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        summary: 'One organisation the caller may see (404 otherwise)',
        params: OrganizationParams,
        response: { 200: OrganizationSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { row, parent, relationship } = await request.run(getOrganization, request.params);
      return presentOrganization(row, parent, relationship);
    },
  );
};
