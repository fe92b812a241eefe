import { setTimeout as wait } from 'node:timers';
import { exampleSenderProblem } from '../config/sender-address.ts';
import { createCronTicker } from '../schedule/cron-ticker.ts';
import { createScheduler } from '../schedule/scheduler.ts';
import { createWeeklyJob } from '../schedule/weekly-job.ts';
import { createSendHistory } from '../store/edition-facts-store.ts';
import { holdCheck } from './configured-hold.ts';
import { editionSource, type FolderOptions, folders, type Runtime } from './runtime.ts';
import { senderSettings, weekSendDeps } from './send-command.ts';

/**
 * `verdicts schedule`: the long-running weekly job. Sends the last complete week at SEND_CRON in
 * SITE_TIMEZONE, catches up a run missed while down, and on SIGTERM finishes the batch in flight and exits.
 */
export async function scheduleCommand(runtime: Runtime, options: FolderOptions): Promise<number> {
  const { config } = runtime;
  const log = runtime.logger({ name: 'schedule' });
  const { outDir } = folders(runtime, options);
  const sender = config.resendApiKey ? exampleSenderProblem(config.emailFrom) : undefined;
  if (sender) {
    runtime.stderr(sender);
    return 2;
  }
  const store = await runtime.openStore();
  const job = createWeeklyJob(
    weekSendDeps(
      runtime,
      store,
      outDir,
      (event) => {
        if (event.type === 'started') log.info({ week: event.week, audience: event.audience }, 'sending');
        if (event.type === 'retry') log.warn({ batch: event.batchNo, why: event.reason }, 'retrying a batch');
        if (event.type === 'uncertain')
          log.error({ batch: event.batchNo, why: event.reason }, 'batch uncertain');
      },
      holdCheck(runtime, store),
    ),
    {
      source: editionSource(runtime, options, createSendHistory(store.db)),
      settings: senderSettings(runtime),
      leaseMs: config.sendLeaseSeconds * 1000,
    },
  );
  const scheduler = createScheduler(
    {
      clock: runtime.clock,
      ticker: createCronTicker(config.sendCron, config.timezone),
      runWeek: (week) => job.runWeek(week),
      isWeekComplete: (week) => job.isWeekComplete(week),
      later: (ms, fn) => {
        const timer = wait(fn, ms);
        return { cancel: () => clearTimeout(timer) };
      },
      log,
    },
    { cron: config.sendCron, timezone: config.timezone, catchUpWindowMs: config.catchUpHours * 3_600_000 },
  );
  await scheduler.start();
  if (!runtime.signal.aborted) {
    await new Promise<void>((resolve) =>
      runtime.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  log.info({}, 'stopping: the batch in flight finishes, the rest stays resumable');
  await scheduler.stop();
  await store.close();
  log.info({}, 'stopped');
  return 0;
}
