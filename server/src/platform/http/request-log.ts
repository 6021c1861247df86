import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

// Invitation and activation links carry their secret in the path (the API's and the web page's): a request log is
// read by more people, and kept longer, than the mail the link came in.
const SECRET_IN_PATH = /^(\/api\/v1\/(?:invitations|activation)|\/invitation|\/activate)\/[^/?#]+/;

/** The URL as it may be logged: link secrets replaced. */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_IN_PATH, '$1/[redacted]');
}

/** Fastify's request serializer (method, url, host, addresses), with link secrets kept out of the url. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}

/** The logger the app hands to Fastify: the process's, with the request serializer above. */
export function requestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { serializers: { req: serializeRequest } });
}
