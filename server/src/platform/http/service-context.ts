import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../db/client.ts';
import type { EventContext } from '../events/record.ts';

/**
 * What every service function receives first, built once per request by `request.run(service, input)`: who acts,
 * the request's clock, its one scoped transaction (row-level security on, as the actor), and what recordEvent needs.
 * A service takes `(ctx, input)` and nothing else; what it needs of the deployment comes in `input`.
 */
export interface ServiceContext {
  actor: Actor;
  now: Date;
  tx: Tx;
  /** Who and which request caused the events the service records (recordEvent's context). */
  events: EventContext;
  requestId: string;
}

/** A service function: the context, one input object (void for none), a result. */
export type Service<Input, Output> = (ctx: ServiceContext, input: Input) => Promise<Output>;
