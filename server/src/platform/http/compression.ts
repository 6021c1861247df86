import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCompress from '@fastify/compress';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ENCODINGS: ('br' | 'gzip')[] = ['br', 'gzip'];
const THRESHOLD = 1024;
// Answers held in memory larger than this (none the API sends) go through the streaming path instead, off the event
// loop.
const SYNC_LIMIT = 1024 * 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json|javascript|xml)|text\/|image\/svg\+xml)/;

/**
 * Compression of every answer. @fastify/compress streams each one through zlib in libuv's thread pool, which suits
 * files and the CSV export but costs a JSON page more than the compression itself: wrapping the string in streams
 * and the round trip to the pool took ~0.7 ms of a 5 ms customer page (issue 13), where compressing its 15 kB
 * synchronously takes 0.1 ms. So answers held in memory are compressed here, synchronously, and @fastify/compress
 * (which leaves an answer that already has a Content-Encoding alone) handles the streams.
 *
 * The hook is route-level and runs before @fastify/compress's (both are added as routes are declared): after every
 * application-level onSend hook, so that the idempotency plugin records the uncompressed bytes, and a replay is
 * compressed for the client that asks again.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Streams: brotli quality 4 (@fastify/compress's default); on the 9.8 MB export it costs 0.1–0.3 s over identity.
  await app.register(fastifyCompress, { global: true, encodings: ENCODINGS, threshold: THRESHOLD });
  app.addHook('onRoute', (route) => {
    const existing = route.onSend;
    const hooks = Array.isArray(existing) ? existing : existing ? [existing] : [];
    route.onSend = [compressInMemory, ...hooks];
  });
}

function compressInMemory(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done): void {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
  const size = Buffer.byteLength(payload);
  if (size < THRESHOLD || size > SYNC_LIMIT || reply.getHeader('content-encoding')) return done(null, payload);
  if (request.headers['x-no-compression'] !== undefined) return done(null, payload);
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !COMPRESSIBLE.test(type)) return done(null, payload);
  const accepted = request.headers['accept-encoding'];
  const encoding = accepted ? negotiate(accepted.toLowerCase(), ENCODINGS) : null;
  if (encoding !== 'br' && encoding !== 'gzip') return done(null, payload);
  // Measured on a page of 50 customers (14.8 kB): brotli quality 2 takes 51 µs for 2,628 bytes, quality 4 98 µs for
  // 2,519; gzip 3 41 µs for 2,709, gzip 6 69 µs for 2,599. In the server, quality 4 → 2 took the hook and the write
  // from 0.39 to 0.27 ms at p50: 4 % more bytes, on a loopback or a LAN, for a tenth of the request's own time.
  const compressed =
    encoding === 'br'
      ? brotliCompressSync(payload, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: 2,
            [constants.BROTLI_PARAM_SIZE_HINT]: size,
            // A window no larger than the answer: the encoder then allocates kilobytes, not its default 4 MB.
            [constants.BROTLI_PARAM_LGWIN]: Math.min(24, Math.max(10, Math.ceil(Math.log2(size)))),
          },
        })
      : gzipSync(payload, { level: 3 });
  reply.header('content-encoding', encoding);
  const vary = reply.getHeader('vary');
  if (typeof vary !== 'string' || !/accept-encoding/i.test(vary)) {
    reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  }
  reply.removeHeader('content-length');
  done(null, compressed);
}

type Done = (err: Error | null, payload?: unknown) => void;
