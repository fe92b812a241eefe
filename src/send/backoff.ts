/**
 * Capped exponential backoff with equal jitter: the n-th consecutive failure waits a random delay in
 * [c/2, c] where c = min(cap, base·2^(n−1)). Half the delay is kept so a burst of failures always backs
 * off; the random half spreads senders that failed together. With the defaults (500 ms, 30 s):
 * 250–500 ms, 500 ms–1 s, 1–2 s, 2–4 s, 4–8 s, 8–16 s, 15–30 s, then 15–30 s for good.
 */
export function backoffDelay(failure: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failure - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
