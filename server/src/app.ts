import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './platform/deps.ts';
import { trustProxyOption } from './config.ts';
import { operatorRoutes } from './features/operators/routes.ts';
import { ssoRoutes } from './features/sso/routes.ts';
import { ssoInvitations } from './features/operators/invitations.ts';
import { registerAuth } from './platform/auth/plugin.ts';
import { requestLogger } from './platform/http/request-log.ts';
import { registerCompression } from './platform/http/compression.ts';
import {
  clientErrorHandler,
  frameworkErrors,
  registerProblemDetails,
  registerShutdownProblem,
  sendRouteNotFound,
  ProblemSchema,
} from './platform/http/problem.ts';
import { registerInputSchemas, strictFormats } from './platform/http/input-schemas.ts';
import { registerCursors } from './platform/http/pagination.ts';
import { registerRequestScope } from './platform/http/request-scope.ts';
import { documentRateLimits, registerRateLimit } from './platform/http/rate-limit.ts';
import { registerIdempotency } from './platform/idempotency/plugin.ts';
import { registerSecurityHeaders, setStyleNonce } from './platform/http/security-headers.ts';
import { auditLogRoutes } from './features/auditlog/routes.ts';
import { authRoutes } from './features/auth/routes.ts';
import { eventStreamRoutes } from './features/events/routes.ts';
import { healthRoutes } from './features/health/routes.ts';
import { meRoutes } from './features/me/routes.ts';
import { customerRoutes } from './features/customers/routes.ts';
import { subscriptionRoutes } from './features/subscriptions/routes.ts';
import { organizationRoutes } from './features/organizations/routes.ts';
import { activationLinkRoutes } from './features/activation/routes.ts';
import { onboardingRoutes } from './features/activation/onboarding-routes.ts';
import { relationshipRoutes } from './features/relationships/routes.ts';
import { devMailboxRoutes } from './platform/mail/routes.ts';
import { catalogueRoutes } from './features/catalogue/routes.ts';
import { serviceHealthRoutes } from './features/servicehealth/routes.ts';
import { serviceRequestRoutes } from './features/servicerequests/routes.ts';
import { tokenRoutes } from './features/tokens/routes.ts';
import { notificationRoutes } from './features/notifications/routes.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the Fastify app from its dependencies: plugins first, then one register() per feature. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: requestLogger(deps.logger) } : { logger: false }),
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default): a client that could set
    // it would choose the address it is throttled by.
    trustProxy: trustProxyOption(deps.config),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true },
      onCreate: strictFormats,
    },
    // Every error the server sends is a problem detail, the router's and the HTTP parser's included.
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  registerSecurityHeaders(app, { hsts: deps.config.PUBLIC_URL.startsWith('https://') });
  registerShutdownProblem(app);
  registerInputSchemas(app);
  registerCursors(app, deps.config.SESSION_SECRET);
  await registerCompression(app);
  await app.register(fastifyCookie, { secret: deps.config.SESSION_SECRET });
  app.addSchema(ProblemSchema);
  // x-internal (OWASP API9): the API is public, meant for partners' own tools as well as for the web app. (A variable:
  // the swagger types know no extensions.)
  const publicServer = { url: deps.config.PUBLIC_URL, 'x-internal': false };
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Relais API',
        version: '1.0.0',
        description: 'The partner portal API. Errors are RFC 9457 problem details.',
      },
      servers: [publicServer],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'relais_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (rls_…)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transformObject: (document) =>
      'openapiObject' in document ? documentRateLimits(document.openapiObject, deps.config) : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  registerProblemDetails(app);
  registerRequestScope(app, deps);
  registerAuth(app, deps);
  registerIdempotency(app, deps);
  await registerRateLimit(app, deps);

  const streams = new Set<ServerResponse>();
  // SSE responses never finish on their own: end them so that close() can drain the other requests.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  await app.register(healthRoutes(deps.database));
  await app.register(
    async (api) => {
      await api.register(authRoutes(deps));
      await api.register(meRoutes);
      await api.register(tokenRoutes);
      await api.register(organizationRoutes);
      await api.register(activationLinkRoutes(deps));
      await api.register(onboardingRoutes(deps));
      await api.register(relationshipRoutes(deps));
      await api.register(devMailboxRoutes(deps));
      await api.register(catalogueRoutes);
      await api.register(serviceHealthRoutes);
      await api.register(serviceRequestRoutes);
      await api.register(notificationRoutes);
      await api.register(customerRoutes);
      await api.register(subscriptionRoutes);
      await api.register(auditLogRoutes);
      await api.register(operatorRoutes(deps));
      await api.register(ssoRoutes(deps, ssoInvitations));
      await api.register(eventStreamRoutes(deps.events, streams));
    },
    { prefix: '/api/v1' },
  );

  await registerWebApp(app);
  return app;
}

/** Serves the built web app, its index.html with this response's CSP nonce for Fluent UI's style elements. */
async function registerWebApp(app: FastifyInstance) {
  const indexFile = path.join(webDist, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, { root: webDist, index: false, wildcard: false, maxAge: '1h', immutable: false });
  }
  const template = built ? readFileSync(indexFile, 'utf8') : null;
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendRouteNotFound(request, reply);
    if (!template) {
      return reply
        .code(503)
        .type('text/plain')
        .send('The web app is not built: run `npm run build` (npm start does it).');
    }
    const nonce = setStyleNonce(reply);
    return reply
      .type('text/html')
      .header('cache-control', 'no-store')
      .send(template.replaceAll('__CSP_NONCE__', nonce));
  });
}
