import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../platform/deps.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { mailLimitsOf } from '../../platform/mail/limits.ts';
import { decodeTimeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentLink, type LinkSigner } from './presenter.ts';
import {
  ActivationLinkCollection,
  ActivationLinkListQuery,
  ActivationLinkParams,
  ActivationLinkSchema,
  CreateActivationLinkBody,
} from './schemas.ts';
import { createLink, listLinks, resendLink, revokeLink } from './service.ts';

/** The activation links an organisation sends to onboard customers and partners. */
export function activationLinkRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const signer: LinkSigner = {
    publicUrl: deps.config.PUBLIC_URL,
    secret: deps.config.SESSION_SECRET,
    mailLimits: mailLimitsOf(deps.config),
  };
  return async (app) => {
    const tags = ['activation'];
    const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

    app.get(
      '/activationlinks',
      {
        config: { permission: 'organizations.read' },
        schema: {
          tags,
          summary: 'The activation links your organisation sent, newest first',
          querystring: ActivationLinkListQuery,
          response: { 200: ActivationLinkCollection, 400: ProblemSchema, 401: ProblemSchema },
        },
      },
      async (request) => {
        const size = request.query.size ?? 50;
        const after = decodeTimeCursor(request);
        const { rows, totalCount, names } = await request.run(listLinks, { status: request.query.status, size, after });
        return toCollection(
          rows,
          size,
          totalCount,
          request,
          (row) => presentLink(row, names, signer),
          (row) => [row.link.createdAt.toISOString(), row.link.id],
        );
      },
    );

    app.post(
      '/activationlinks',
      {
        config: { permission: 'organizations.write' },
        schema: {
          tags,
          summary: 'Send an activation link (partner links: distributors and the vendor only)',
          body: CreateActivationLinkBody,
          response: { 201: ActivationLinkSchema, 400: ProblemSchema, ...problems },
        },
      },
      async (request, reply) => {
        const { row, names } = await request.run(createLink, { ...request.body, signer });
        return reply.code(201).send(presentLink(row, names, signer));
      },
    );

    app.post(
      '/activationlinks/:id/resend',
      {
        config: { permission: 'organizations.write' },
        schema: {
          tags,
          summary: 'Send a pending or expired link again: a new address, valid 14 days; the old one stops working',
          params: ActivationLinkParams,
          response: { 200: ActivationLinkSchema, 400: ProblemSchema, ...problems },
        },
      },
      async (request) => {
        const { row, names } = await request.run(resendLink, { id: request.params.id, signer });
        return presentLink(row, names, signer);
      },
    );

    app.post(
      '/activationlinks/:id/revoke',
      {
        config: { permission: 'organizations.write' },
        schema: {
          tags,
          summary: 'Revoke a link that was not used',
          params: ActivationLinkParams,
          response: { 200: ActivationLinkSchema, 400: ProblemSchema, ...problems },
        },
      },
      async (request) => {
        const { row, names } = await request.run(revokeLink, request.params);
        return presentLink(row, names, signer);
      },
    );
  };
}
