import type { Logger } from '../log/logger.ts';

/**
 * Work that follows a response: the answer to a signup must not depend on what happens to the address
 * (no enumeration, not even by timing), so the store and the email run after it. `idle()` resolves once
 * nothing is running: tests await it, and shutdown drains it before closing the database.
 */
export interface TaskQueue {
  run(label: string, task: () => Promise<void>): void;
  idle(): Promise<void>;
}

export function createTaskQueue(log: Logger): TaskQueue {
  const running = new Set<Promise<void>>();
  return {
    run(label, task) {
      // Started on the next turn of the event loop, once the response in hand has been written: run
      // at once, the task's first steps would share the microtask queue with it and delay it.
      const promise = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) => log.error({ error: describe(error) }, `${label} failed`))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
