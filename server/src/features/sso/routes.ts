import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../platform/deps.ts';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { sessionCookieOptions } from '../../platform/auth/sessions.ts';
import { completeSso, SSO_REQUEST_TTL_MS, SsoRefusal, startSso } from './flow.ts';
import { presentSsoStart } from './presenter.ts';
import type { SsoInvitations } from './service.ts';
import { PutSsoSettingsBody, SsoCallbackQuery, SsoSettingsSchema, StartSsoAnswer, StartSsoBody } from './schemas.ts';
import {
  discoverForSettings,
  getSsoSettings,
  putSsoSettings,
  removeSsoSettings,
  ssoSettingsIssuer,
} from './service.ts';

/** The browser that started a sign-in carries its state back to the callback in this cookie. */
export const SSO_STATE_COOKIE = 'relais_sso_state';
const SSO_PATH = '/api/v1/auth/sso';

/** Single sign-on: the public sign-in flow (start, callback) and the organisation's settings (Admins). */
export function ssoRoutes(deps: AppDeps, invitations: SsoInvitations): FastifyPluginAsyncTypebox {
  const stateCookie = {
    path: SSO_PATH,
    httpOnly: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: 'lax' as const,
    secure: deps.config.PUBLIC_URL.startsWith('https://'),
    signed: true,
  };

  return async (app) => {
    app.post(
      '/auth/sso/start',
      {
        config: { public: true, signsIn: true },
        schema: {
          tags: ['auth'],
          summary: "Start single sign-on for an e-mail address or an invitation: answers the provider's address",
          security: [],
          body: StartSsoBody,
          response: {
            200: StartSsoAnswer,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
            410: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { redirectUrl, state } = await request.runPublic(startSso, { invitations, body: request.body });
        reply.setCookie(SSO_STATE_COOKIE, state, { ...stateCookie, maxAge: SSO_REQUEST_TTL_MS / 1000 });
        return presentSsoStart(redirectUrl);
      },
    );

    app.get(
      '/auth/sso/callback',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Where the identity provider sends the browser back: 302 to / signed in, or to /sign-in?sso=<code>',
          security: [],
          querystring: SsoCallbackQuery,
          response: { 302: Type.Null({ description: 'To / (signed in) or /sign-in?sso=<code>' }) },
        },
      },
      async (request, reply) => {
        const raw = request.raw.url ?? '';
        const query = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
        const cookie = request.cookies[SSO_STATE_COOKIE];
        const bound = cookie ? request.unsignCookie(cookie) : null;
        reply.clearCookie(SSO_STATE_COOKIE, stateCookie);
        try {
          const { secret } = await request.runPublic(completeSso, {
            invitations,
            query,
            boundState: bound?.valid ? (bound.value ?? undefined) : undefined,
          });
          reply.setCookie(SESSION_COOKIE, secret, sessionCookieOptions(deps.config));
          return reply.redirect('/', 302);
        } catch (error) {
          // A person lands here from their identity provider: always a page of the app, never a JSON error.
          if (error instanceof SsoRefusal) {
            request.log.warn({ reason: error.message, organizationId: error.organizationId }, 'single sign-on refused');
          } else {
            request.log.error({ err: error }, 'single sign-on failed');
          }
          const code = error instanceof SsoRefusal ? error.code : 'sso_failed';
          return reply.redirect(`/sign-in?sso=${code}`, 302);
        }
      },
    );

    const tags = ['organizations'];
    app.get(
      '/organization/sso',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Your organisation's single sign-on, or null",
          response: { 200: Type.Union([SsoSettingsSchema, Type.Null()]), 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      (request) => request.run(getSsoSettings, { config: deps.config }),
    );

    app.put(
      '/organization/sso',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Set your organisation's single sign-on (Microsoft Entra ID or another OpenID Connect provider)",
          description:
            "The provider's discovery document is fetched and validated before anything is saved: 422 " +
            '`sso_address_refused` for an issuer (or an endpoint) on a loopback, private, link-local or metadata ' +
            'address, 422 `sso_discovery_failed` for an unreachable provider or an invalid document (an endpoint ' +
            'that is not https:).',
          body: PutSsoSettingsBody,
          response: {
            200: SsoSettingsSchema,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            409: ProblemSchema,
            422: ProblemSchema,
          },
        },
      },
      async (request) => {
        // Two transactions, the discovery fetch between them: the provider may take seconds to answer, and no
        // transaction waits on the network.
        const issuer = await request.run(ssoSettingsIssuer, { body: request.body, config: deps.config });
        const discovered = await discoverForSettings(deps.config, request.body.kind, issuer, deps.resolve);
        return request.run(putSsoSettings, { body: request.body, discovered, config: deps.config });
      },
    );

    app.delete(
      '/organization/sso',
      {
        config: { permission: 'operators.manage' },
        schema: {
          tags,
          summary: "Remove your organisation's single sign-on (passwords work again)",
          response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        await request.run(removeSsoSettings, undefined);
        return reply.code(204).send(null);
      },
    );
  };
}
