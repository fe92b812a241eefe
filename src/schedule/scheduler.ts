import { resolveWeek } from '../content/week.ts';
import type { Logger } from '../log/logger.ts';
import { lastRunAtOrBefore, nextRunAfter } from './cron-times.ts';

/** What happened when the scheduler asked for a week to be sent. */
export type WeekRunOutcome =
  | { kind: 'sent'; sent: number; complete: boolean }
  | { kind: 'already-sent' }
  | { kind: 'no-comparisons' }
  | { kind: 'busy'; holder?: string | undefined }
  | { kind: 'refused'; reason: string }
  /** The provider's sending quota is used up: looked at again much later, never in a loop. */
  | { kind: 'quota'; reason: string }
  /** A reputation hold: an operator decides (`verdicts send --override-hold`), or the rate comes down. */
  | { kind: 'held'; reason: string }
  | { kind: 'failed'; reason: string };

/** Fires the callback at each scheduled time; node-cron in production, a manual trigger in tests. */
export interface Ticker {
  start(onTick: (scheduledAt: Date) => void): { stop(): void };
}

export interface SchedulerDeps {
  clock: () => Date;
  ticker: Ticker;
  /** Sends the week (resuming it if it was started); never sends a week twice. */
  runWeek(week: string, reason: 'tick' | 'catch-up' | 'retry'): Promise<WeekRunOutcome>;
  /** True when the week's edition is complete. */
  isWeekComplete(week: string): Promise<boolean>;
  /** Runs `fn` after `ms` (used to look again while another scheduler holds the week). */
  later(ms: number, fn: () => void): { cancel(): void };
  log: Logger;
}

export interface SchedulerOptions {
  cron: string;
  timezone: string;
  /** A run missed while the process was down is made on start if it is at most this old. */
  catchUpWindowMs: number;
  /** How long to wait before looking again when another scheduler holds the week. */
  busyRetryMs?: number | undefined;
  /** How long to wait after a quota or a reputation hold stopped the week (default an hour). */
  slowRetryMs?: number | undefined;
}

/**
 * The weekly job: at each tick, send the last complete week unless it is already sent. On start, make
 * once a run that was missed while the process was down (within the catch-up window). Runs never
 * overlap; the store's per-week lease keeps other schedulers out.
 */
export function createScheduler(deps: SchedulerDeps, options: SchedulerOptions) {
  const { log } = deps;
  let running: Promise<void> = Promise.resolve();
  let ticking: { stop(): void } | undefined;
  const retries = new Set<{ cancel(): void }>();
  let stopped = false;

  function weekFor(scheduledAt: Date): string {
    const week = resolveWeek('latest', scheduledAt, options.timezone);
    if ('error' in week) throw new Error(week.error);
    return week.id;
  }

  async function attempt(
    week: string,
    reason: 'tick' | 'catch-up' | 'retry',
    deadline: number,
  ): Promise<void> {
    if (stopped) return;
    if (await deps.isWeekComplete(week)) {
      log.info({ week, reason }, 'week already sent; nothing to do');
      return;
    }
    let outcome: WeekRunOutcome;
    try {
      outcome = await deps.runWeek(week, reason);
    } catch (error) {
      outcome = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    switch (outcome.kind) {
      case 'sent':
        log.info({ week, reason, sent: outcome.sent, complete: outcome.complete }, 'week sent');
        if (!outcome.complete) retryLater(week, deadline, 'the send stopped before the end');
        break;
      case 'already-sent':
        log.info({ week, reason }, 'week already sent; nothing to do');
        break;
      case 'no-comparisons':
        log.info({ week, reason }, 'week has no comparisons; skipped');
        break;
      case 'busy':
        log.info({ week, reason, holder: outcome.holder }, 'another scheduler is sending this week');
        retryLater(week, deadline, 'another scheduler holds the week');
        break;
      case 'refused':
        log.error({ week, reason, why: outcome.reason }, 'week not sent: content problems');
        break;
      case 'quota':
        log.error({ week, reason, why: outcome.reason }, 'week send stopped: sending quota used up');
        retryLater(week, deadline, outcome.reason, options.slowRetryMs ?? 60 * 60_000);
        break;
      case 'held':
        log.error({ week, reason, why: outcome.reason }, 'week held: reputation at risk; not sending');
        retryLater(week, deadline, outcome.reason, options.slowRetryMs ?? 60 * 60_000);
        break;
      case 'failed':
        log.error({ week, reason, why: outcome.reason }, 'week send failed');
        retryLater(week, deadline, outcome.reason);
        break;
    }
  }

  /** Looks again later, until the week is complete or the catch-up window has passed. */
  function retryLater(week: string, deadline: number, why: string, delayMs?: number) {
    const delay = delayMs ?? options.busyRetryMs ?? 5 * 60_000;
    if (stopped || deps.clock().getTime() + delay > deadline) {
      log.warn({ week, why }, 'not retrying: past the catch-up window; run `verdicts send` to finish');
      return;
    }
    const handle = deps.later(delay, () => {
      retries.delete(handle);
      enqueue(() => attempt(week, 'retry', deadline));
    });
    retries.add(handle);
  }

  function enqueue(job: () => Promise<void>): Promise<void> {
    running = running.then(job, job);
    return running;
  }

  return {
    /** The next scheduled run after now. */
    nextRun(): Date {
      return nextRunAfter(options.cron, options.timezone, deps.clock());
    },

    /** Catches up a missed run, then starts ticking. */
    async start(): Promise<void> {
      const now = deps.clock();
      const missed = lastRunAtOrBefore(options.cron, options.timezone, now);
      if (missed && now.getTime() - missed.getTime() <= options.catchUpWindowMs) {
        const week = weekFor(missed);
        log.info({ week, scheduledAt: missed.toISOString() }, 'checking the last scheduled run');
        await enqueue(() => attempt(week, 'catch-up', missed.getTime() + options.catchUpWindowMs));
      }
      ticking = deps.ticker.start((scheduledAt) => {
        const week = weekFor(scheduledAt);
        void enqueue(() => attempt(week, 'tick', scheduledAt.getTime() + options.catchUpWindowMs));
      });
      log.info(
        { cron: options.cron, timezone: options.timezone, next: this.nextRun().toISOString() },
        'scheduler started',
      );
    },

    /** Stops ticking and waits for a run in progress to stop (it finishes its batch in flight). */
    async stop(): Promise<void> {
      stopped = true;
      ticking?.stop();
      for (const retry of retries) retry.cancel();
      retries.clear();
      await running;
    },

    /** Waits for queued work (tests). */
    idle(): Promise<void> {
      return running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
