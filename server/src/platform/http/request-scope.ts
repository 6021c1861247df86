import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { SessionNotConfirmed, withActor } from '../db/scope.ts';
import { sessionWindow } from '../auth/plugin.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventContext } from '../events/record.ts';
import type { PublicContext, PublicFlow, Service, ServiceContext } from './service-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Runs fn in one transaction scoped to this request's actor (row-level security on), with the request's clock. */
    scoped<T>(fn: (tx: Tx, now: Date) => Promise<T>): Promise<T>;
    /** Who and which request caused the events written by a service. */
    eventContext(): EventContext;
    /** Runs a service in the request's one scoped transaction: `service(ctx, input)` (platform/http/service-context.ts). */
    run<Input, Output>(service: Service<Input, Output>, input: Input): Promise<Output>;
    /** Runs a public flow (no actor yet): `flow(ctx, input)` (platform/http/service-context.ts). */
    runPublic<Input, Output>(flow: PublicFlow<Input, Output>, input: Input): Promise<Output>;
  }
}

export function registerRequestScope(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('scoped', async function scoped<
    T,
  >(this: FastifyRequest, fn: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
    const actor = this.actor;
    if (!actor) throw new AppError('unauthenticated');
    const now = deps.clock();
    if (this.sessionToConfirm) {
      // The actor came from the session cache: the transaction's first statement confirms the session (and
      // throws before fn runs if it does not hold), which spares the lookup's round trip before it.
      const confirmSession = sessionWindow(now);
      try {
        const result = await withActor(deps.database.db, { actor, now, confirmSession }, (tx) => fn(tx, now));
        this.sessionToConfirm = null;
        return result;
      } catch (err) {
        if (!(err instanceof SessionNotConfirmed)) throw err;
      }
      // Ended, expired, or the user changed since it was cached: look the session up again (401 / 403 as usual).
      const current = await this.reauthenticate();
      return withActor(deps.database.db, { actor: current, now }, (tx) => fn(tx, now));
    }
    return withActor(deps.database.db, { actor, now }, (tx) => fn(tx, now));
  });
  app.decorateRequest('run', function run<
    Input,
    Output,
  >(this: FastifyRequest, service: Service<Input, Output>, input: Input): Promise<Output> {
    // The actor is read inside the transaction: a cached session that had to be looked up again may be another's.
    return this.scoped((tx, now) => {
      const actor = this.actor;
      if (!actor) throw new AppError('unauthenticated');
      const ctx: ServiceContext = { actor, now, tx, events: { actor, requestId: this.id }, requestId: this.id };
      return service(ctx, input);
    });
  });
  app.decorateRequest('runPublic', function runPublic<
    Input,
    Output,
  >(this: FastifyRequest, flow: PublicFlow<Input, Output>, input: Input): Promise<Output> {
    const ctx: PublicContext = {
      deps,
      now: deps.clock(),
      requestId: this.id,
      client: { ip: this.ip, userAgent: this.headers['user-agent'] },
    };
    return flow(ctx, input);
  });
  app.decorateRequest('eventContext', function eventContext(this: FastifyRequest) {
    return { actor: this.actor, requestId: this.id };
  });
}
