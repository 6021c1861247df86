import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { presentCreatedToken, presentTokenList } from './presenter.ts';
import { ApiTokenCollection, ApiTokenParams, CreateApiTokenBody, CreatedApiTokenSchema } from './schemas.ts';
import { createToken, listTokens, revokeToken } from './service.ts';

export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['tokens'];
  app.get(
    '/me/tokens',
    {
      config: { permission: 'tokens.manage' },
      schema: { tags, summary: 'Your personal API tokens', response: { 200: ApiTokenCollection, 401: ProblemSchema } },
    },
    async (request) => {
      const rows = await request.run(listTokens, undefined);
      return presentTokenList(rows, request.url);
    },
  );

  app.post(
    '/me/tokens',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags,
        summary: 'Create a personal API token (the secret is shown once)',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiTokenSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { row, secret } = await request.run(createToken, request.body);
      return reply.code(201).send(presentCreatedToken(row, secret));
    },
  );

  app.delete(
    '/me/tokens/:id',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: ApiTokenParams,
        response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await request.run(revokeToken, request.params);
      return reply.code(204).send(null);
    },
  );
};
