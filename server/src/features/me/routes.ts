import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { MeSchema, UpdateMeBody } from './schemas.ts';
import { showMe, updateMe } from './service.ts';

export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { permission: 'profile.manage' },
      schema: {
        tags: ['me'],
        summary: 'The signed-in user, organisation, roles, permissions and pages',
        response: { 200: MeSchema, 401: ProblemSchema },
      },
    },
    (request) => request.run(showMe, undefined),
  );

  app.patch(
    '/me',
    {
      config: { permission: 'profile.manage' },
      schema: {
        tags: ['me'],
        summary: "Update the signed-in user's preferences",
        body: UpdateMeBody,
        response: { 200: MeSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    (request) => request.run(updateMe, request.body),
  );
};
