import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AppError, type ErrorCode } from '../errors/app-error.ts';
import { errorMessages, format, negotiateLocale, type Locale } from '../i18n/messages.ts';

/** RFC 9457 problem details, as every error response of the API. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);

/** The language people read an error in: their saved preference, else their browser's. */
export function localeOf(request: FastifyRequest): Locale {
  return request.actor?.language ?? negotiateLocale(request.headers['accept-language']);
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  status: number,
  params: Record<string, string | number>,
  extra: Record<string, unknown> = {},
) {
  const text = errorMessages[localeOf(request)][code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://relais.dev/problems/${code.replaceAll('_', '-')}`,
      title: text.title,
      status,
      detail: format(text.detail, { ...params, requestId: request.id }),
      code,
      instance: request.url.split('?')[0] ?? request.url,
      requestId: request.id,
      ...extra,
    });
}

/** Maps every error to problem details; internals are logged, never shown. */
export function registerProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      reply.headers(error.headers);
      return send(request, reply, error.code, error.status, error.params, error.extensions);
    }
    if (error.validation) {
      const errors = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath || (v.params as { missingProperty?: string }).missingProperty ? `/${v.instancePath.replace(/^\//, '') || String((v.params as { missingProperty?: string }).missingProperty)}` : ''}`,
        message: v.message ?? 'invalid',
      }));
      return send(
        request,
        reply,
        'validation_failed',
        400,
        { fields: errors.map((e) => e.path).join(', ') },
        { errors },
      );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Errors raised by Fastify itself (malformed JSON, body too large, unsupported media type).
      const errors = [{ path: 'request', message: error.message }];
      return send(request, reply, 'validation_failed', error.statusCode, { fields: 'request' }, { errors });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 'internal', 500, {});
  });
}

/** The 404 of an unknown API address. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, 'route_not_found', 404, {});
}
