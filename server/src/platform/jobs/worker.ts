import type { AppDeps } from '../deps.ts';

/**
 * A unit of background work (DESIGN §7): claims what is due from PostgreSQL (`FOR UPDATE SKIP LOCKED`, so several
 * instances never do the same item twice and a crash loses nothing), does it, and says how many items it handled.
 */
export interface Task {
  name: string;
  /** How often to look for work when the previous round found none. */
  everyMs: number;
  run(deps: AppDeps, now: Date): Promise<number>;
}

export interface Worker {
  /** Runs every task until none finds work: what tests call instead of waiting for the timers. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the tasks in this process. A task that handled items runs again at once (there may be more); one that found
 * nothing waits its period. Errors are logged and retried next period; they never stop the process.
 */
export function startWorker(deps: AppDeps, tasks: Task[], options: { timers?: boolean } = {}): Worker {
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const runTask = async (task: Task): Promise<number> => {
    try {
      return await task.run(deps, deps.clock());
    } catch (err) {
      deps.logger?.error({ err, task: task.name }, 'background task failed');
      return 0;
    }
  };

  const schedule = (task: Task, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      const round = runTask(task).then((handled) => schedule(task, handled > 0 ? 0 : task.everyMs));
      running.add(round);
      void round.finally(() => running.delete(round));
    }, delay);
    timer.unref();
    timers.set(task.name, timer);
  };

  if (options.timers !== false) for (const task of tasks) schedule(task, 0);

  return {
    async drain() {
      for (let round = 0; round < 100; round++) {
        let handled = 0;
        for (const task of tasks) handled += await runTask(task);
        if (handled === 0) return;
      }
      throw new Error('background tasks still find work after 100 rounds');
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
