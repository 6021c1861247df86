import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { sessionCookieOptions } from '../../platform/auth/sessions.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { mailLimitsOf } from '../../platform/mail/limits.ts';
import { MeSchema } from '../me/schemas.ts';
import { showMe } from '../me/service.ts';
import { acceptInvitation, getInvitation } from './invitations.ts';
import { presentOperator } from './presenter.ts';
import { sortKeyOf } from './repository.ts';
import {
  AcceptInvitationBody,
  AddOperatorBody,
  InvitationSchema,
  InvitationTokenParams,
  OperatorCollection,
  OperatorListQuery,
  OperatorParams,
  OperatorSchema,
  RoleList,
  UpdateOperatorBody,
} from './schemas.ts';
import {
  addOperator,
  getOperator,
  listOperators,
  listRoles,
  removeOperator,
  resendInvitation,
  updateOperator,
  type InvitationSigner,
} from './service.ts';

/** Roles, the organisation's operators (Admins only), and the public side of an invitation. */
export function operatorRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const signer: InvitationSigner = {
    publicUrl: deps.config.PUBLIC_URL,
    secret: deps.config.SESSION_SECRET,
    mailLimits: mailLimitsOf(deps.config),
  };
  return async (app) => {
    const tags = ['operators'];
    const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

    app.get(
      '/roles',
      {
        config: { permission: 'profile.manage' },
        schema: {
          tags,
          summary: 'The roles an operator may hold and the permissions each grants',
          response: { 200: RoleList, 401: ProblemSchema },
        },
      },
      () => listRoles(),
    );

    app.get(
      '/operators',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Your organisation's operators (status active, or pending an invitation)",
          querystring: OperatorListQuery,
          response: { 200: OperatorCollection, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (request) => {
        const size = request.query.size ?? 50;
        const decode = (length: number) => decodeCursor(request, length);
        const { rows, totalCount, filter, now } = await request.run(listOperators, { ...request.query, size, decode });
        const actor = actorOf(request);
        return toCollection(
          rows,
          size,
          totalCount,
          request,
          (row) => presentOperator(row, actor, now),
          (row) => sortKeyOf(row, filter.sort),
        );
      },
    );

    app.post(
      '/operators',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: 'Add an operator: a work address of a verified domain; they are invited by e-mail',
          body: AddOperatorBody,
          response: { 201: OperatorSchema, 400: ProblemSchema, 422: ProblemSchema, ...problems },
        },
      },
      async (request, reply) => {
        const { row, now } = await request.run(addOperator, { ...request.body, signer });
        return reply.code(201).send(presentOperator(row, actorOf(request), now));
      },
    );

    app.get(
      '/operators/:id',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: 'One operator',
          params: OperatorParams,
          response: { 200: OperatorSchema, ...problems },
        },
      },
      async (request) => {
        const { row, now } = await request.run(getOperator, request.params);
        return presentOperator(row, actorOf(request), now);
      },
    );

    app.patch(
      '/operators/:id',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Change an operator's roles (the last Admin keeps the Admin role)",
          params: OperatorParams,
          body: UpdateOperatorBody,
          response: { 200: OperatorSchema, 400: ProblemSchema, ...problems },
        },
      },
      async (request) => {
        const { row, now } = await request.run(updateOperator, { id: request.params.id, ...request.body, signer });
        return presentOperator(row, actorOf(request), now);
      },
    );

    app.delete(
      '/operators/:id',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Remove an operator's access, or withdraw a pending invitation",
          params: OperatorParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await request.run(removeOperator, { id: request.params.id, signer });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/operators/:id/resend',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: 'Send a pending invitation again: a new link, valid 7 days; the previous one stops working',
          params: OperatorParams,
          response: { 200: OperatorSchema, ...problems },
        },
      },
      async (request) => {
        const { row, now } = await request.run(resendInvitation, { id: request.params.id, signer });
        return presentOperator(row, actorOf(request), now);
      },
    );

    const gone = { 404: ProblemSchema, 410: ProblemSchema };
    app.get(
      '/invitations/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The invitation behind a link (public: the link is the credential)',
          security: [],
          params: InvitationTokenParams,
          response: { 200: InvitationSchema, 400: ProblemSchema, ...gone },
        },
      },
      (request) => request.runPublic(getInvitation, request.params),
    );

    app.post(
      '/invitations/:token',
      {
        config: { public: true, signsIn: true },
        schema: {
          tags,
          summary: 'Accept an invitation with a password; the operator is signed in (public)',
          security: [],
          params: InvitationTokenParams,
          body: AcceptInvitationBody,
          response: { 200: MeSchema, 400: ProblemSchema, 403: ProblemSchema, ...gone },
        },
      },
      async (request, reply) => {
        const { secret, actor } = await request.runPublic(acceptInvitation, {
          ...request.body,
          token: request.params.token,
        });
        reply.setCookie(SESSION_COOKIE, secret, sessionCookieOptions(deps.config));
        // The answer is the new session's: the request goes on as the person just signed in.
        request.actor = actor;
        return request.run(showMe, undefined);
      },
    );
  };
}
