/** The answer of a limiter: go ahead, or wait this long. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts attempts per key (a client address, a mailbox) and says when there were too many. */
export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
}

export interface FixedWindowOptions {
  /** Attempts allowed per key in one window. */
  limit: number;
  windowMs: number;
  clock: () => Date;
  /** Keys tracked at most; past it the oldest is forgotten to make room (memory stays bounded). */
  maxKeys?: number | undefined;
}

/**
 * An in-memory fixed-window limiter for one `verdicts serve` process (a restart forgets the counts; on
 * PostgreSQL, shared-rate-limiter.ts shares them). Windows are aligned to the clock, so when a new one
 * starts every older count is worthless and the whole map is dropped. It never fails open: a new key
 * past the budget evicts the key first seen longest ago, and is counted like any other.
 */
export function createFixedWindowLimiter(options: FixedWindowOptions): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  let window = -1;
  let counts = new Map<string, number>();
  const take = (key: string): RateDecision => {
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
    if (used === 0 && counts.size >= maxKeys) {
      // A Map iterates in insertion order: the first key is the oldest.
      const oldest = counts.keys().next();
      if (!oldest.done) counts.delete(oldest.value);
    }
    counts.set(key, used + 1);
    return { ok: true };
  };
  return { take: async (key) => take(key) };
}
