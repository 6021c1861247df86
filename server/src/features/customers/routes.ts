import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { unbounded } from '../../platform/http/schemas.ts';
import { customerCsv } from './export.ts';
import { presentCustomerDetail, presentCustomerSummary, presentOrganizationFigures } from './presenter.ts';
import { sortKeyOf } from './repository.ts';
import {
  ChannelListQuery,
  CustomerCollection,
  CustomerDetailSchema,
  CustomerExportQuery,
  CustomerListQuery,
  CustomerParams,
  OrganizationFiguresCollection,
} from './schemas.ts';
import { getCustomer, listOrganizations, normalizeFilter, type ListedKind } from './service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers',
    {
      config: { permission: 'organizations.read', sessionConfirmedInTransaction: true },
      schema: {
        tags: ['customers'],
        summary: 'The customers the caller sees, with health, open requests, licences, next expiry and SKUs',
        querystring: CustomerListQuery,
        response: { 200: CustomerCollection, ...errors },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const { rows, totalCount, filter, now } = await request.run(listOrganizations, {
        ...request.query,
        kind: 'customer',
        size,
        decodeCursor: (length) => decodeCursor(request, length),
      });
      return toCollection(
        rows,
        size,
        totalCount,
        request,
        (r) => presentCustomerSummary(r, now),
        (r) => sortKeyOf(r, filter.sort),
      );
    },
  );

  app.get(
    '/customers/export',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags: ['customers'],
        summary: 'The current customer list as CSV (same filters and sort, every row), streamed',
        querystring: CustomerExportQuery,
        produces: ['text/csv'],
        response: {
          200: Type.Unsafe<unknown>({
            type: 'string',
            description: 'text/csv; UTF-8 with BOM',
            ...unbounded('One line per customer of the list, every page of it'),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      // Refused before the first byte (customerCsv reads the first batch first): once the download has started, an
      // error can only cut it short.
      const csv = await customerCsv(request, normalizeFilter('customer', request.query));
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customers-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.get(
    '/customers/:id',
    {
      config: { permission: 'organizations.read', sessionConfirmedInTransaction: true },
      schema: {
        tags: ['customers'],
        summary: "One customer's details pane (404 when the caller does not see it)",
        params: CustomerParams,
        response: { 200: CustomerDetailSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const detail = await request.run(getCustomer, request.params);
      return presentCustomerDetail(detail, detail.now);
    },
  );

  for (const kind of ['partner', 'distributor'] as const satisfies ListedKind[]) {
    app.get(
      `/${kind}s`,
      {
        config: { permission: 'organizations.read', sessionConfirmedInTransaction: true },
        schema: {
          tags: ['customers'],
          summary: `The ${kind}s the caller sees, with customer count, licences, nearest expiry and SKUs`,
          querystring: ChannelListQuery,
          response: { 200: OrganizationFiguresCollection, ...errors },
        },
      },
      async (request) => {
        const size = request.query.size ?? 50;
        const { rows, totalCount, filter, now } = await request.run(listOrganizations, {
          ...request.query,
          kind,
          size,
          decodeCursor: (length) => decodeCursor(request, length),
        });
        return toCollection(
          rows,
          size,
          totalCount,
          request,
          (r) => presentOrganizationFigures(r, now),
          (r) => sortKeyOf(r, filter.sort),
        );
      },
    );
  }
};
