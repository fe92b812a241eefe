import cron from 'node-cron';
import type { Ticker } from './scheduler.ts';

/** node-cron in the site's timezone; runs never overlap (the scheduler also serializes them). */
export function createCronTicker(expression: string, timezone: string): Ticker {
  return {
    start(onTick) {
      const task = cron.schedule(expression, (context) => onTick(context.date), {
        timezone,
        noOverlap: true,
        name: 'weekly-verdicts-send',
      });
      return {
        stop() {
          void task.stop();
          void task.destroy();
        },
      };
    },
  };
}
