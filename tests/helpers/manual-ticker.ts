import type { Ticker } from '../../src/schedule/scheduler.ts';

/** A ticker the test fires by hand, and a `later` that runs callbacks when the test says so. */
export function manualTime(start: string) {
  let now = new Date(start);
  let onTick: ((at: Date) => void) | undefined;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const ticker: Ticker = {
    start(callback) {
      onTick = callback;
      return {
        stop() {
          onTick = undefined;
        },
      };
    },
  };
  return {
    clock: () => now,
    ticker,
    later(ms: number, fn: () => void) {
      const timer = { at: now.getTime() + ms, fn, cancelled: false };
      timers.push(timer);
      return {
        cancel() {
          timer.cancelled = true;
        },
      };
    },
    /** Moves the clock; fires a tick at `at` when `tick` is set, and any timers that came due. */
    advanceTo(iso: string, tick = false) {
      now = new Date(iso);
      for (const timer of timers.filter((t) => !t.cancelled && t.at <= now.getTime())) {
        timer.cancelled = true;
        timer.fn();
      }
      if (tick) onTick?.(now);
    },
    get ticking() {
      return onTick !== undefined;
    },
  };
}
