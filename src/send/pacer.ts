import type { RateLimitInfo } from './transport.ts';

/** Flow control between requests: waits before each one, learns from each answer. */
export interface Pacer {
  beforeRequest(): Promise<void>;
  afterResponse(info: RateLimitInfo | undefined, throttled: boolean): void;
}

export interface PacerOptions {
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Optional ceiling in requests per second, below whatever the provider allows. */
  maxRequestsPerSecond?: number | undefined;
  /**
   * Added after a window's estimated end, so the next request does not land just before it. It adapts:
   * doubled after a 429, shrunk by 1 ms after each window that went through cleanly.
   */
  initialMarginMs?: number | undefined;
}

/**
 * Adapts to what the provider reports instead of a hard-coded rate. A window opens with the first
 * request sent into it and lasts `ratelimit-reset` seconds as the first answer in it says; when
 * `ratelimit-remaining` reaches 0 the next request waits for that window's end. (Waiting `reset` seconds
 * from the last answer instead would waste most of a second per window: the header is rounded up.)
 * A configured ceiling spaces requests evenly on top of that.
 */
export function createPacer(options: PacerOptions): Pacer {
  const spacingMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
  let marginMs = options.initialMarginMs ?? 15;
  const MIN_MARGIN_MS = 5;
  const MAX_MARGIN_MS = 1000;
  const now = () => options.clock().getTime();
  let nextSlotAt = 0;
  let blockedUntil = 0;
  let windowStart: number | undefined;
  let windowEnd: number | undefined;
  // With several requests in flight (send lanes), answers come too late to stop the next request: the
  // last limit the provider reported caps how many go into one window before its end is known.
  let sentInWindow = 0;
  let knownLimit: number | undefined;
  let knownResetMs = 1000;
  const closeWindow = () => {
    windowStart = undefined;
    windowEnd = undefined;
    sentInWindow = 0;
  };
  return {
    async beforeRequest() {
      for (;;) {
        const wait = Math.max(nextSlotAt, blockedUntil) - now();
        if (wait > 0) await options.sleep(wait);
        if (windowEnd !== undefined && now() >= windowEnd) closeWindow();
        if (knownLimit === undefined || windowStart === undefined || sentInWindow < knownLimit) break;
        blockedUntil = Math.max(blockedUntil, (windowEnd ?? windowStart + knownResetMs) + marginMs);
      }
      const sentAt = now();
      windowStart ??= sentAt;
      sentInWindow++;
      nextSlotAt = Math.max(sentAt, nextSlotAt) + spacingMs;
    },
    afterResponse(info: RateLimitInfo | undefined, throttled: boolean) {
      if (info?.limit !== undefined) knownLimit = info.limit;
      if (info?.resetSeconds !== undefined) knownResetMs = info.resetSeconds * 1000;
      if (throttled) {
        // We were early: widen the margin. The sender waits out retry-after; the next request opens a window.
        marginMs = Math.min(MAX_MARGIN_MS, marginMs * 2);
        closeWindow();
        return;
      }
      if (info?.resetSeconds === undefined) return;
      const answeredAt = now();
      if (windowEnd === undefined && windowStart !== undefined) {
        windowEnd = Math.min(windowStart + info.resetSeconds * 1000, answeredAt + info.resetSeconds * 1000);
      }
      if (info.remaining === 0) {
        marginMs = Math.max(MIN_MARGIN_MS, marginMs - 1);
        blockedUntil = Math.max(
          blockedUntil,
          (windowEnd ?? answeredAt + info.resetSeconds * 1000) + marginMs,
        );
        closeWindow();
      }
    },
  };
}
