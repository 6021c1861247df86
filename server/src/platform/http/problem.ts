import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AppError, errorStatus, type ErrorCode } from '../errors/app-error.ts';
import { localeOf } from '../i18n/locale.ts';
import { errorMessages, formatDetail, locales, type Locale } from '../i18n/messages.ts';
import { isReason } from '../i18n/reasons.ts';
import { loggableUrl } from './request-log.ts';
import { Int32, REQUEST_TARGET_MAX_LENGTH } from './schemas.ts';

const PROBLEM_TYPE_BASE = 'https://relais.dev/problems/';
const codes = Object.keys(errorStatus) as ErrorCode[];
const longest = (texts: string[]) => Math.max(...texts.map((text) => text.length));
// A detail carries parameters (a provider's error message, the fields of a validation error) and an error list
// grows with the schema that failed: both are cut here, so that the limits published below hold.
const DETAIL_MAX_LENGTH = 2000;
const ERRORS_MAX_ITEMS = 50;
const ERROR_TEXT_MAX_LENGTH = 1000;

/** At most `max` code points (JSON Schema's maxLength counts code points), an ellipsis marking a cut. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** RFC 9457 problem details, as every error response of the API. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ maxLength: PROBLEM_TYPE_BASE.length + longest(codes) }),
    title: Type.String({ maxLength: longest(locales.flatMap((l) => codes.map((c) => errorMessages[l][c].title))) }),
    status: Int32(400, 599),
    detail: Type.String({ maxLength: DETAIL_MAX_LENGTH }),
    code: Type.String({ maxLength: longest(codes) }),
    instance: Type.String({ maxLength: REQUEST_TARGET_MAX_LENGTH }),
    // The client's X-Request-Id when it is 1–128 of [\w.:-] (app.ts), else a UUID.
    requestId: Type.String({ maxLength: 128 }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ maxLength: ERROR_TEXT_MAX_LENGTH }),
          message: Type.String({ maxLength: ERROR_TEXT_MAX_LENGTH }),
        }),
        { maxItems: ERRORS_MAX_ITEMS },
      ),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: 64, description: 'why a change conflicts, as a stable code (409 conflict)' }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);

function problem(
  locale: Locale,
  code: ErrorCode,
  status: number,
  params: Record<string, string | number>,
  requestId: string,
  instance: string,
) {
  const text = errorMessages[locale][code];
  return {
    type: `${PROBLEM_TYPE_BASE}${code.replaceAll('_', '-')}`,
    title: text.title,
    status,
    detail: clip(formatDetail(locale, text.detail, { ...params, requestId }), DETAIL_MAX_LENGTH),
    code,
    instance,
    requestId,
    // Why a change conflicts, as a stable code (the detail says it in words).
    ...(isReason(params.reason) ? { reason: params.reason } : {}),
  };
}

// The headers of a download (the CSV export): Fastify copies a stream's headers onto the raw response before its
// first byte, so a stream that fails then would label the problem that replaces it as gzip or as an attachment.
const downloadHeaders = ['content-encoding', 'content-disposition', 'content-length', 'content-type'];

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  status: number,
  params: Record<string, string | number>,
  extra: Record<string, unknown> = {},
) {
  if (!reply.raw.headersSent) {
    for (const name of downloadHeaders) {
      reply.removeHeader(name);
      reply.raw.removeHeader(name);
    }
  }
  // The path, without its query, and without the secret of a mailed link (as in the request log).
  const instance = loggableUrl(request.url.split('?')[0] ?? request.url);
  const errors = Array.isArray(extra.errors)
    ? (extra.errors as { path: string; message: string }[]).slice(0, ERRORS_MAX_ITEMS).map((e) => ({
        path: clip(String(e.path), ERROR_TEXT_MAX_LENGTH),
        message: clip(String(e.message), ERROR_TEXT_MAX_LENGTH),
      }))
    : undefined;
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...problem(localeOf(request), code, status, params, request.id, instance),
      ...extra,
      ...(errors ? { errors } : {}),
    });
}

// Fastify's own 4xx (content-type parser, body limit…), each with its stable code; a bad JSON body stays a
// validation_failed, as it always was.
const frameworkCodes: Partial<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  431: 'headers_too_large',
};

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
      const errors = [{ path: 'request', message: error.message }];
      const code = frameworkCodes[error.statusCode] ?? 'bad_request';
      return send(request, reply, code, error.statusCode, { fields: 'request' }, { errors });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 'internal', 500, {});
  });
}

/**
 * Once close() began, requests still arriving on open connections (pipelined, keep-alive) get a 503 problem and a
 * closed connection, so that the load balancer retries them elsewhere. (Fastify's own return503OnClosing answers
 * plain JSON, hence `return503OnClosing: false` in app.ts.)
 */
export function registerShutdownProblem(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    done(new AppError('shutting_down'));
  });
}

/** The router's errors (Fastify's `frameworkErrors` option): a bad %-encoding, a path parameter over its length. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') void send(request, reply, 'malformed_url', 400, {});
  else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') void send(request, reply, 'uri_too_long', 414, {});
  else {
    request.log.error({ err: error }, 'router error');
    void send(request, reply, 'internal', 500, {});
  }
}

/**
 * Errors of the HTTP parser, before there is a request (Fastify's `clientErrorHandler` option): headers over the
 * limit, a request that is not HTTP, a request too slow. Written on the socket as a problem in English — the request's
 * Accept-Language was never read — with a request id for the logs.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, status]: [ErrorCode, number] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', 431]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', 408]
        : ['bad_request', 400];
  const requestId = randomUUID();
  this.log.debug({ err: error, requestId }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problem('en', code, status, {}, requestId, `urn:uuid:${requestId}`));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The 404 of an unknown API address. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, 'route_not_found', 404, {});
}
