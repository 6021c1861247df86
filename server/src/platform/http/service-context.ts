import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../db/client.ts';
import type { SystemTx } from '../db/scope.ts';
import type { AppDeps } from '../deps.ts';
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

/**
 * What a public flow receives — sign-in, a mailed link (invitation, activation), single sign-on — built by
 * `request.runPublic(flow, input)`: nobody is signed in yet, so there is no actor and no scoped transaction; the flow
 * opens the system transactions it needs (`unsafeSystemTransaction`, ARCHITECTURE.md "System work") around the
 * password hashing and the provider's answers, which no transaction waits for.
 */
export interface PublicContext {
  deps: AppDeps;
  now: Date;
  requestId: string;
  /** The client as the request log knows it: its address (TRUST_PROXY decides which) and user agent. */
  client: { ip: string; userAgent: string | undefined };
}

/** A public flow: the context, one input object, a result. */
export type PublicFlow<Input, Output> = (ctx: PublicContext, input: Input) => Promise<Output>;

/**
 * What a service receives when a system flow (onboarding, a task) calls it inside its system transaction: the
 * transaction, the flow's clock and who the events are recorded for. Typecheck keeps a request's scoped transaction
 * out, as for the system repository functions.
 */
export interface SystemContext {
  tx: SystemTx;
  now: Date;
  events: EventContext;
}
