import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/auth/plugin.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeTimeCursor, toCollection } from '../../platform/http/pagination.ts';
import { mailLimitsOf } from '../../platform/mail/limits.ts';
import { presentRelationship, presentRequestReceipt } from './presenter.ts';
import {
  CreateRelationshipBody,
  RelationshipCollection,
  RelationshipListQuery,
  RelationshipParams,
  RelationshipRequestReceipt,
  RelationshipSchema,
} from './schemas.ts';
import {
  decideRelationship,
  listRelationships,
  requestRelationship,
  type Decision,
  type RequestMail,
} from './service.ts';

/** Delegated-admin relationships (DESIGN §2): request, approve, decline, terminate, list. */
export function relationshipRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const mail: RequestMail = { publicUrl: deps.config.PUBLIC_URL, mailLimits: mailLimitsOf(deps.config) };
  return async (app) => {
    const tags = ['relationships'];
    const problems = {
      400: ProblemSchema,
      401: ProblemSchema,
      403: ProblemSchema,
      404: ProblemSchema,
      409: ProblemSchema,
    };

    app.get(
      '/relationships',
      {
        config: { permission: 'organizations.read' },
        schema: {
          tags,
          summary: "The caller's delegated-admin relationships, as provider or customer, newest first",
          querystring: RelationshipListQuery,
          response: { 200: RelationshipCollection, 400: ProblemSchema, 401: ProblemSchema },
        },
      },
      async (request) => {
        const size = request.query.size ?? 50;
        const after = decodeTimeCursor(request);
        const { rows, parties, totalCount } = await request.run(listRelationships, {
          status: request.query.status,
          size,
          after,
        });
        return toCollection(
          rows,
          size,
          totalCount,
          request,
          (row) => presentRelationship(row, parties, request.actor?.organizationId ?? ''),
          (row) => [row.relationship.createdAt.toISOString(), row.relationship.id],
        );
      },
    );

    app.post(
      '/relationships',
      {
        config: { permission: 'organizations.write' },
        schema: {
          tags,
          summary: 'Ask a customer, by its primary domain, for delegated admin access (partners and distributors)',
          description:
            'Accepted whether or not a customer has this primary domain: if one does, its Admins receive the request, ' +
            'which then appears in the list (under the domain until the customer approves). The answer says nothing ' +
            'of which customers exist.',
          body: CreateRelationshipBody,
          response: { 202: RelationshipRequestReceipt, ...problems },
        },
      },
      async (request, reply) => {
        await request.run(requestRelationship, { ...request.body, mail });
        return reply.code(202).send(presentRequestReceipt(request.body));
      },
    );

    const decisionRoutes: { decision: Decision; summary: string }[] = [
      { decision: 'approve', summary: "Approve a pending request (the customer's operators)" },
      { decision: 'decline', summary: "Decline a pending request (the customer's operators)" },
      { decision: 'terminate', summary: 'End a pending or running relationship (either party)' },
    ];
    for (const { decision, summary } of decisionRoutes) {
      app.post(
        `/relationships/:id/${decision}`,
        {
          config: { permission: 'organizations.write' },
          schema: { tags, summary, params: RelationshipParams, response: { 200: RelationshipSchema, ...problems } },
        },
        async (request) => {
          const { row, parties } = await request.run(decideRelationship, { id: request.params.id, decision });
          return presentRelationship(row, parties, actorOf(request).organizationId);
        },
      );
    }
  };
}
