/** The answer of a limiter: go ahead, or wait this long. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts attempts per key (a client address, an email address) and says when there were too many. */
export interface RateLimiter {
  take(key: string): RateDecision;
}

export interface FixedWindowOptions {
  /** Attempts allowed per key in one window. */
  limit: number;
  windowMs: number;
  clock: () => Date;
  /** Keys tracked at most; past it new keys pass untracked rather than be refused (fail open). */
  maxKeys?: number | undefined;
}

/**
 * An in-memory fixed-window limiter: good enough for one `verdicts serve` process (a restart forgets the
 * counts; several processes would each count on their own). Windows are aligned to the clock, so when
 * a new window starts every older count is worthless and the whole map is dropped: memory holds only
 * the keys seen in the current window.
 */
export function createFixedWindowLimiter(options: FixedWindowOptions): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  let window = -1;
  let counts = new Map<string, number>();
  return {
    take(key) {
      const now = options.clock().getTime();
      const current = Math.floor(now / options.windowMs);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const used = counts.get(key) ?? 0;
      if (used >= options.limit) {
        return { ok: false, retryAfterMs: (current + 1) * options.windowMs - now };
      }
      if (used > 0 || counts.size < maxKeys) counts.set(key, used + 1);
      return { ok: true };
    },
  };
}
