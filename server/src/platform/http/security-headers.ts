import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet from 'helmet';

const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

// The portal uses none of these browser features: deny them to the page and to anything it might embed.
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The headers a helmet middleware sets, read once from a stand-in response (helmet only calls set/removeHeader). */
function headersOf(middleware: Middleware, extra: Record<string, unknown> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    ...extra,
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (error) => {
    if (error instanceof Error) throw error; // helmet 8 throws bad options itself; older ones passed them here
  });
  return headers;
}

/**
 * Helmet's headers (strict CSP, nosniff, frame-ancestors 'none'…) on every response. @fastify/helmet builds helmet's
 * middleware anew on each request — parsing and checking every directive, then a dozen setHeader calls — ~0.1 ms a
 * request, a fifth of this app's own cost on a small list. The headers are the same for every response except the
 * web app's index.html, whose CSP carries a nonce for Fluent UI's style elements; so they are computed once, with
 * helmet itself, and the nonced policy is made only for index.html (`setStyleNonce`).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  const config = { contentSecurityPolicy: { directives }, strictTransportSecurity: options.hsts };
  const common = { ...headersOf(helmet(config)), 'permissions-policy': PERMISSIONS_POLICY };
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(common);
    // API answers are about one person and one organisation: no browser or shared cache may keep them. A route that
    // knows better (a download) sets its own.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
}

type NoncedResponse = ServerResponse & { styleNonce: string };
const noncedPolicy = helmet.contentSecurityPolicy({
  directives: {
    ...directives,
    styleSrc: [...directives.styleSrc, (_req, res) => `'nonce-${(res as NoncedResponse).styleNonce}'`],
  },
});

/** A fresh style nonce for one HTML response, set in its Content-Security-Policy; returns the nonce. */
export function setStyleNonce(reply: FastifyReply): string {
  const styleNonce = randomBytes(16).toString('hex');
  reply.headers(headersOf(noncedPolicy, { styleNonce }));
  return styleNonce;
}
