import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/send/backoff.ts';

describe('backoff after consecutive failures', () => {
  it('doubles from half a second to a 30-second cap, keeping at least half of each step', () => {
    const shortest = (failure: number) => backoffDelay(failure, () => 0);
    const longest = (failure: number) => backoffDelay(failure, () => 1);
    const schedule = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((failure) => [shortest(failure), longest(failure)]);
    expect(schedule).toEqual([
      [250, 500],
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
      [4000, 8000],
      [8000, 16000],
      [15000, 30000],
      [15000, 30000],
      [15000, 30000],
    ]);
  });

  it('spreads senders that failed together across the upper half', () => {
    const delays = [0.1, 0.5, 0.9].map((r) => backoffDelay(3, () => r));
    expect(delays).toEqual([1100, 1500, 1900]);
  });
});
