import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { withActor } from '../db/scope.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventContext } from '../events/record.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Runs fn in one transaction scoped to this request's actor (row-level security on), with the request's clock. */
    scoped<T>(fn: (tx: Tx, now: Date) => Promise<T>): Promise<T>;
    /** Who and which request caused the events written by a service. */
    eventContext(): EventContext;
  }
}

export function registerRequestScope(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('scoped', function scoped<T>(this: FastifyRequest, fn: (tx: Tx, now: Date) => Promise<T>) {
    const actor = this.actor;
    if (!actor) return Promise.reject(new AppError('unauthenticated'));
    const now = deps.clock();
    return withActor(deps.database.db, { actor, now }, (tx) => fn(tx, now));
  });
  app.decorateRequest('eventContext', function eventContext(this: FastifyRequest) {
    return { actor: this.actor, requestId: this.id };
  });
}
