import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from './db/client.ts';
import type { EventHub } from './events/hub.ts';
import type { Resolver } from './http/outbound.ts';

/** Everything the app is built from; tests pass their own (an in-memory database, a fixed clock). */
export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  clock: () => Date;
  events: EventHub;
  logger?: FastifyBaseLogger | undefined;
  /** Host names of outbound requests (platform/http/outbound.ts); node:dns by default, tests keep it on the machine. */
  resolve?: Resolver | undefined;
}
