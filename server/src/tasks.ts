// Every background task of every feature, run by the in-process worker (platform/jobs/worker.ts). Features own their
// tasks; this file only lists them, as app.ts lists the routes.
import type { Task } from './platform/jobs/worker.ts';
import { accessCountCompactionTask, summaryRefreshTask } from './features/customers/summary-task.ts';
import { mailDeliveryTask } from './platform/mail/delivery-task.ts';
import { relationshipExpiryTask } from './features/relationships/expiry-task.ts';
import { subscriptionExpiryTask } from './features/subscriptions/expiry-task.ts';
import { ssoDiscoveryTask } from './features/sso/discovery-task.ts';
import { idempotencyPurgeTask } from './platform/idempotency/purge-task.ts';
import { rateLimitPurgeTask } from './platform/http/rate-limit-purge-task.ts';
import { reactionsTask } from './platform/events/reactions.ts';
import { reactions } from './reactions.ts';
import { publicationAnnounceTask } from './features/notifications/reactions.ts';

export const tasks: Task[] = [
  summaryRefreshTask,
  accessCountCompactionTask,
  mailDeliveryTask,
  relationshipExpiryTask,
  subscriptionExpiryTask,
  ssoDiscoveryTask,
  idempotencyPurgeTask,
  rateLimitPurgeTask,
  reactionsTask(reactions),
  publicationAnnounceTask,
];
