import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/logger.ts';
import { nextRunAfter } from '../../src/schedule/cron-times.ts';
import { createScheduler, type WeekRunOutcome } from '../../src/schedule/scheduler.ts';
import { manualTime } from '../helpers/manual-ticker.ts';

const DAY = 24 * 60 * 60 * 1000;

function setUp(
  start: string,
  outcome: (week: string) => WeekRunOutcome = () => ({ kind: 'sent', sent: 10, complete: true }),
) {
  const time = manualTime(start);
  const { logger, entries } = createMemoryLogger();
  const complete = new Set<string>();
  const runs: { week: string; reason: string }[] = [];
  const scheduler = createScheduler(
    {
      clock: time.clock,
      ticker: time.ticker,
      later: time.later,
      log: logger,
      isWeekComplete: async (week) => complete.has(week),
      runWeek: async (week, reason) => {
        runs.push({ week, reason });
        const result = outcome(week);
        if (result.kind === 'sent' && result.complete) complete.add(week);
        return result;
      },
    },
    { cron: '0 9 * * 1', timezone: 'Europe/Berlin', catchUpWindowMs: DAY, busyRetryMs: 60_000 },
  );
  return { time, scheduler, runs, complete, entries };
}

describe('the weekly scheduler', () => {
  it('sends the last complete week at each Monday tick, once', async () => {
    const { time, scheduler, runs } = setUp('2026-11-27T12:00:00Z');
    await scheduler.start();
    expect(runs).toEqual([]);
    expect(scheduler.nextRun().toISOString()).toBe('2026-11-30T08:00:00.000Z'); // 09:00 in Berlin
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    expect(runs).toEqual([{ week: '2026-W48', reason: 'tick' }]);
    time.advanceTo('2026-12-07T08:00:00Z', true);
    await scheduler.idle();
    expect(runs.map((r) => r.week)).toEqual(['2026-W48', '2026-W49']);
    await scheduler.stop();
  });

  it('makes a run missed while it was down, once, on start', async () => {
    const first = setUp('2026-11-30T10:30:00Z');
    await first.scheduler.start();
    expect(first.runs).toEqual([{ week: '2026-W48', reason: 'catch-up' }]);
    await first.scheduler.stop();
    // A restart an hour later finds the week complete and does nothing.
    const complete = first.complete;
    const second = setUp('2026-11-30T11:30:00Z');
    for (const week of complete) second.complete.add(week);
    await second.scheduler.start();
    expect(second.runs).toEqual([]);
    await second.scheduler.stop();
  });

  it('does not catch up a run older than the window', async () => {
    const { scheduler, runs } = setUp('2026-12-01T09:00:00Z'); // 25 h after Monday 09:00 Berlin
    await scheduler.start();
    expect(runs).toEqual([]);
    await scheduler.stop();
  });

  it('computes runs in the site timezone across a DST change', async () => {
    // Berlin leaves summer time on 25 October 2026: Monday 09:00 is 07:00 UTC before, 08:00 after.
    expect(nextRunAfter('0 9 * * 1', 'Europe/Berlin', new Date('2026-10-20T00:00:00Z')).toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
    expect(nextRunAfter('0 9 * * 1', 'Europe/Berlin', new Date('2026-10-13T00:00:00Z')).toISOString()).toBe(
      '2026-10-19T07:00:00.000Z',
    );
    const { time, scheduler, runs } = setUp('2026-10-25T12:00:00Z');
    await scheduler.start();
    time.advanceTo('2026-10-26T08:00:00Z', true);
    await scheduler.idle();
    expect(runs).toEqual([{ week: '2026-W43', reason: 'tick' }]);
    await scheduler.stop();
  });

  it('logs and skips a week without comparisons', async () => {
    const { time, scheduler, runs, entries } = setUp('2026-11-27T12:00:00Z', () => ({
      kind: 'no-comparisons',
    }));
    await scheduler.start();
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    expect(runs).toHaveLength(1);
    expect(entries.some((e) => e.msg === 'week has no comparisons; skipped' && e.week === '2026-W48')).toBe(
      true,
    );
    await scheduler.stop();
  });

  it('looks again while another scheduler holds the week, and stops once it is complete', async () => {
    let holder = true;
    const { time, scheduler, runs, complete } = setUp('2026-11-27T12:00:00Z', () =>
      holder ? { kind: 'busy', holder: 'other-host:42' } : { kind: 'already-sent' },
    );
    await scheduler.start();
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    expect(runs).toEqual([{ week: '2026-W48', reason: 'tick' }]);
    // The other scheduler finishes the week; our retry finds it complete and does not run it.
    holder = false;
    complete.add('2026-W48');
    time.advanceTo('2026-11-30T08:01:00Z');
    await scheduler.idle();
    expect(runs).toHaveLength(1);
    await scheduler.stop();
  });

  it('retries a failed run within the window, then gives up with a warning', async () => {
    const { time, scheduler, runs, entries } = setUp('2026-11-27T12:00:00Z', () => ({
      kind: 'failed',
      reason: 'provider down',
    }));
    await scheduler.start();
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    time.advanceTo('2026-11-30T08:01:00Z');
    await scheduler.idle();
    expect(runs.map((r) => r.reason)).toEqual(['tick', 'retry']);
    time.advanceTo('2026-12-01T09:00:00Z');
    await scheduler.idle();
    expect(entries.some((e) => String(e.msg).startsWith('not retrying'))).toBe(true);
    await scheduler.stop();
  });

  it('logs a used-up quota as an error and looks again an hour later, never in a loop', async () => {
    let quota = true;
    const { time, scheduler, runs, entries } = setUp('2026-11-27T12:00:00Z', () =>
      quota
        ? {
            kind: 'quota',
            reason: '429 daily_quota_exceeded: You have reached your daily email sending quota.',
          }
        : { kind: 'sent', sent: 100, complete: true },
    );
    await scheduler.start();
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    const logged = entries.find((e) => e.msg === 'week send stopped: sending quota used up');
    expect(logged).toMatchObject({ level: 50, week: '2026-W48' });
    // Not at the short retry of a failure: nothing for the next 59 minutes.
    time.advanceTo('2026-11-30T08:59:00Z');
    await scheduler.idle();
    expect(runs).toHaveLength(1);
    quota = false;
    time.advanceTo('2026-11-30T09:00:00Z');
    await scheduler.idle();
    expect(runs.map((r) => r.reason)).toEqual(['tick', 'retry']);
    await scheduler.stop();
  });

  it('does not send a held week, and logs the hold at error level', async () => {
    const reason =
      "2026-W47's complaint rate is 0.2 % (2 complaints of 1000 delivered), above HOLD_COMPLAINT_RATE 0.08 %";
    const { time, scheduler, runs, entries } = setUp('2026-11-27T12:00:00Z', () => ({
      kind: 'held',
      reason,
    }));
    await scheduler.start();
    time.advanceTo('2026-11-30T08:00:00Z', true);
    await scheduler.idle();
    expect(entries.find((e) => e.msg === 'week held: reputation at risk; not sending')).toMatchObject({
      level: 50,
      week: '2026-W48',
      why: reason,
    });
    time.advanceTo('2026-11-30T08:30:00Z');
    await scheduler.idle();
    expect(runs).toHaveLength(1);
    await scheduler.stop();
  });
});
