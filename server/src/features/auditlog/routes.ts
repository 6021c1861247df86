import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentEntry } from './presenter.ts';
import { AuditEntryCollection, AuditLogQuery } from './schemas.ts';
import { listAuditLog } from './service.ts';

export const auditLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/auditlog',
    {
      config: { permission: 'auditlog.read' },
      schema: {
        tags: ['auditlog'],
        summary: "Your organisation's audit trail (Admins)",
        querystring: AuditLogQuery,
        response: { 200: AuditEntryCollection, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 1);
      const { rows, totalCount } = await request.run(listAuditLog, { ...request.query, size, after });
      return toCollection(rows, size, totalCount, request, presentEntry, (r) => [String(r.id)]);
    },
  );
};
