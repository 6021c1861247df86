import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/auth/plugin.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { listOwnOrganization } from './repository.ts';
import { presentEntry } from './presenter.ts';
import { AuditEntryCollection, AuditLogQuery } from './schemas.ts';

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
      const q = request.query;
      const size = q.size ?? 50;
      const [beforeId] = decodeCursor(request, 1) ?? [null];
      const { rows, totalCount } = await request.scoped((tx) =>
        // A thin read with no business rule: the route calls the repository through the scoped transaction.
        listOwnOrganization(tx, actorOf(request), {
          action: q.action,
          targetType: q.targetType,
          actorId: q.actorId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          beforeId: typeof beforeId === 'string' && /^\d+$/.test(beforeId) ? beforeId : null,
          limit: size,
        }),
      );
      return toCollection(rows, size, totalCount, request, presentEntry, (r) => [String(r.id)]);
    },
  );
};
