import { describe, expect, it } from 'vitest';
import { createFixedWindowLimiter } from '../../src/server/rate-limiter.ts';

describe('fixed-window rate limiter', () => {
  it('allows `limit` per key per window and says how long to wait', () => {
    let now = new Date('2026-01-05T09:00:30.000Z');
    const limiter = createFixedWindowLimiter({ limit: 2, windowMs: 60_000, clock: () => now });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(limiter.take('b')).toEqual({ ok: true });
    now = new Date('2026-01-05T09:01:00.000Z');
    expect(limiter.take('a')).toEqual({ ok: true });
  });

  it('keeps at most maxKeys and lets untracked keys through rather than refuse strangers', () => {
    const limiter = createFixedWindowLimiter({
      limit: 1,
      windowMs: 60_000,
      clock: () => new Date(0),
      maxKeys: 2,
    });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});
