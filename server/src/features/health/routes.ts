import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { DatabaseHandle } from '../../platform/db/client.ts';
import { migrationsApplied } from '../../platform/db/migrate.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { OneOf } from '../../platform/http/schemas.ts';

const Status = Type.Object({ status: OneOf(['ok', 'ready']) });

export function healthRoutes(database: DatabaseHandle): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Status } } },
      () => ({ status: 'ok' }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'The database is reachable and every migration applied',
          response: { 200: Status, 503: ProblemSchema },
        },
      },
      async () => {
        const ready = await migrationsApplied(database).catch((err: unknown) => {
          throw new AppError('not_ready', { internal: `readiness check failed: ${String(err)}`, cause: err });
        });
        if (!ready) throw new AppError('not_ready', { internal: 'migrations pending' });
        return { status: 'ready' };
      },
    );
  };
}
