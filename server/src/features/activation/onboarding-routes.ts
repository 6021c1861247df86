import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../platform/deps.ts';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { sessionCookieOptions } from '../../platform/auth/sessions.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { MeSchema } from '../me/schemas.ts';
import { showMe } from '../me/service.ts';
import { getInvitation, onboard } from './onboarding.ts';
import { ActivationInvitationSchema, ActivationTokenParams, OnboardingBody } from './schemas.ts';

/** The public side of an activation link: the recipient has no account yet; the link itself is the credential. */
export function onboardingRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const cookieOptions = sessionCookieOptions(deps.config);

  return async (app) => {
    const tags = ['activation'];
    const gone = { 404: ProblemSchema, 410: ProblemSchema };

    app.get(
      '/activation/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The invitation behind an activation link (public)',
          security: [],
          params: ActivationTokenParams,
          response: { 200: ActivationInvitationSchema, 400: ProblemSchema, ...gone },
        },
      },
      (request) => request.runPublic(getInvitation, request.params),
    );

    app.post(
      '/activation/:token',
      {
        config: { public: true, signsIn: true },
        schema: {
          tags,
          summary: 'Accept an activation link: create the organisation and its Admin, signed in (public)',
          security: [],
          params: ActivationTokenParams,
          body: OnboardingBody,
          response: { 201: MeSchema, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema, ...gone },
        },
      },
      async (request, reply) => {
        const { secret, actor } = await request.runPublic(onboard, { ...request.body, token: request.params.token });
        reply.setCookie(SESSION_COOKIE, secret, cookieOptions);
        // The answer is the new session's: the request goes on as the Admin just created.
        request.actor = actor;
        const me = await request.run(showMe, undefined);
        return reply.code(201).send(me);
      },
    );
  };
}
