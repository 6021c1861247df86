import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import { actorOf } from '../../platform/auth/plugin.ts';
import Type from 'typebox';
import type { EventHub } from '../../platform/events/hub.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { unbounded } from '../../platform/http/schemas.ts';

const HEARTBEAT_MS = 25_000;

/** Server-Sent Events: the committed events the caller may see, live, from any instance. */
export function eventStreamRoutes(hub: EventHub, open: Set<ServerResponse>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/events/stream',
      {
        config: { permission: 'organizations.read' },
        schema: {
          tags: ['events'],
          summary: 'Live stream (text/event-stream) of the events you may see',
          produces: ['text/event-stream'],
          response: {
            // The stream is written by hand (the reply is hijacked): this schema documents it, it serialises nothing.
            200: Type.Unsafe<string>({
              type: 'string',
              description:
                'Server-Sent Events: one unnamed message per event, `data:` a JSON event (or a notice without actor ' +
                'and label); `: keep-alive` comments every 25 s. It ends with the session or token behind it.',
              ...unbounded('a stream, open as long as the session behind it'),
            }),
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        reply.hijack();
        const res = reply.raw;
        // A hijacked reply sends nothing of its own: carry over the security headers and request id (app.ts).
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) res.setHeader(name, value);
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(': connected\n\n');
        open.add(res);
        const unsubscribe = hub.subscribe(
          actor,
          (event) => {
            // Unnamed messages (the `message` type) so that a client hears every action with one listener.
            res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
          },
          // The session, token or user behind this stream ended: so does the stream (the browser reconnects as whoever
          // it is now, or is refused).
          () => res.end(),
        );
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        res.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(res);
        });
      },
    );
  };
}
