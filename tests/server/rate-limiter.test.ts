import { describe, expect, it } from 'vitest';
import { createFixedWindowLimiter } from '../../src/server/rate-limiter.ts';

describe('fixed-window rate limiter', () => {
  it('allows `limit` per key per window and says how long to wait', async () => {
    let now = new Date('2026-01-05T09:00:30.000Z');
    const limiter = createFixedWindowLimiter({ limit: 2, windowMs: 60_000, clock: () => now });
    expect(await limiter.take('a')).toEqual({ ok: true });
    expect(await limiter.take('a')).toEqual({ ok: true });
    expect(await limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(await limiter.take('b')).toEqual({ ok: true });
    now = new Date('2026-01-05T09:01:00.000Z');
    expect(await limiter.take('a')).toEqual({ ok: true });
  });

  it('never fails open: past its budget it forgets the oldest key and still counts the new ones', async () => {
    const limiter = createFixedWindowLimiter({
      limit: 1,
      windowMs: 60_000,
      clock: () => new Date(0),
      maxKeys: 2,
    });
    expect((await limiter.take('a')).ok).toBe(true);
    expect((await limiter.take('b')).ok).toBe(true);
    // A third key is counted (and `a`, the oldest, forgotten): its second attempt is refused.
    expect((await limiter.take('c')).ok).toBe(true);
    expect((await limiter.take('c')).ok).toBe(false);
    expect((await limiter.take('b')).ok).toBe(false);
    expect((await limiter.take('a')).ok).toBe(true);
  });

  it('holds its limit for every key of a flood far larger than its budget', async () => {
    const limiter = createFixedWindowLimiter({
      limit: 3,
      windowMs: 60_000,
      clock: () => new Date(0),
      maxKeys: 1000,
    });
    let allowed = 0;
    // 5,000 keys, each tried 5 times in a row: at most 3 each get through, however many keys there are.
    for (let key = 0; key < 5000; key++) {
      for (let attempt = 0; attempt < 5; attempt++) {
        if ((await limiter.take(`client-${key}`)).ok) allowed++;
      }
    }
    expect(allowed).toBe(5000 * 3);
  });
});
