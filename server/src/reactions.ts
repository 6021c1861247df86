// Every reaction of every feature to other features' events (platform/events/reactions.ts), run by the worker's
// event-reactions task. Features own their reactions; this file only lists them, as tasks.ts lists the tasks.
import type { Reaction } from './platform/events/reactions.ts';
import { notificationReactions } from './features/notifications/reactions.ts';

export const reactions: Reaction[] = [...(notificationReactions as Reaction[])];
