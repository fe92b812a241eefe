import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/send/pacer.ts';

function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    waits,
  };
}

describe('pacer', () => {
  it('sends freely while the provider reports remaining capacity', async () => {
    const time = fakeTime();
    const pacer = createPacer(time);
    for (let i = 0; i < 5; i++) {
      await pacer.beforeRequest();
      time.advance(50);
      pacer.afterResponse({ limit: 10, remaining: 9 - i, resetSeconds: 1 }, false);
    }
    expect(time.waits).toEqual([]);
  });

  it('waits for the end of the window that the first request opened, not a rounded-up second from the answer', async () => {
    const time = fakeTime();
    const pacer = createPacer({ ...time, initialMarginMs: 10 });
    await pacer.beforeRequest(); // t=0 opens the window
    time.advance(120);
    pacer.afterResponse({ limit: 2, remaining: 1, resetSeconds: 1 }, false);
    await pacer.beforeRequest();
    time.advance(120);
    pacer.afterResponse({ limit: 2, remaining: 0, resetSeconds: 1 }, false); // t=240
    await pacer.beforeRequest();
    // The window opened at 0 and lasts 1 s: the third request goes at 1000 + margin (9 ms after one clean window).
    expect(time.clock().getTime()).toBe(1009);
  });

  it('widens its margin after a 429 and honours a configured ceiling', async () => {
    const time = fakeTime();
    const pacer = createPacer({ ...time, maxRequestsPerSecond: 4 });
    await pacer.beforeRequest();
    await pacer.beforeRequest();
    await pacer.beforeRequest();
    expect(time.clock().getTime()).toBe(500);
    pacer.afterResponse({ limit: 2, remaining: 0, resetSeconds: 1 }, true);
    await pacer.beforeRequest();
    pacer.afterResponse({ limit: 2, remaining: 0, resetSeconds: 1 }, false);
    const before = time.clock().getTime();
    await pacer.beforeRequest();
    // margin doubled from 15 to 30, then shrank by 1 on the clean window: 29 ms past the window's end
    expect(time.clock().getTime() - before).toBe(1000 + 29);
  });
});
