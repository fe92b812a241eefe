import type { Pacer } from './send-edition.ts';
import type { RateLimitInfo } from './transport.ts';

export interface PacerOptions {
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Optional ceiling in requests per second, below whatever the provider allows. */
  maxRequestsPerSecond?: number | undefined;
}

/**
 * Adapts to what the provider reports instead of a hard-coded rate: when `ratelimit-remaining` reaches 0
 * it waits out `ratelimit-reset`; a configured ceiling spaces requests evenly on top of that.
 */
export function createPacer(options: PacerOptions): Pacer {
  const spacingMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
  let nextSlotAt = 0;
  let blockedUntil = 0;
  return {
    async beforeRequest() {
      const now = options.clock().getTime();
      const wait = Math.max(nextSlotAt, blockedUntil) - now;
      if (wait > 0) await options.sleep(wait);
      nextSlotAt = Math.max(now, nextSlotAt) + spacingMs;
    },
    afterResponse(info: RateLimitInfo | undefined) {
      if (info?.remaining === 0 && info.resetSeconds !== undefined) {
        blockedUntil = options.clock().getTime() + info.resetSeconds * 1000;
      }
    },
  };
}
