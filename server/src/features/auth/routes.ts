import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../platform/deps.ts';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { sessionCookieOptions } from '../../platform/auth/sessions.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { MeSchema } from '../me/schemas.ts';
import { showMe } from '../me/service.ts';
import { SignInBody } from './schemas.ts';
import { signIn, signOut } from './service.ts';

export function authRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      {
        config: { public: true, signsIn: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; sets the session cookie',
          description:
            'Failures are throttled per account and address, per account, and (much higher) per address: 429 ' +
            '`too_many_attempts` with Retry-After. Password checks run a few at a time: when too many wait, 503 ' +
            '`overloaded` with Retry-After.',
          body: SignInBody,
          response: {
            200: MeSchema,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            429: ProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { secret, actor } = await request.runPublic(signIn, request.body);
        reply.setCookie(SESSION_COOKIE, secret, sessionCookieOptions(deps.config));
        // The answer is the new session's: the request goes on as the person just signed in.
        request.actor = actor;
        return request.run(showMe, undefined);
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'End the current session',
          response: { 204: Type.Null(), 403: ProblemSchema },
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        if (actor?.via.kind === 'session') {
          await request.run(signOut, { sessionId: actor.via.id });
        }
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config));
        return reply.code(204).send(null);
      },
    );
  };
}
