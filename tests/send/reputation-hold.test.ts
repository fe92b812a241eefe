import { afterEach, describe, expect, it } from 'vitest';
import { createHoldCheck } from '../../src/reputation/hold-check.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { Transport } from '../../src/send/transport.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import type { EventKind } from '../../src/store/schema.ts';
import { DIALECTS } from '../helpers/databases.ts';
import {
  countBy,
  deps,
  editionFor,
  recordingTransport,
  settings,
  storeWithSubscribers,
} from '../helpers/send-fixtures.ts';

const THRESHOLDS = { complaintRate: 0.08, bounceRate: 4, minSent: 100 };
const options = { settings, workerId: 'w1' };

/** Resend's acceptable-use limits, applied before and during a send (issue: the reputation hold). */
describe.each(DIALECTS)('the reputation hold on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  async function sent(subscribers: number) {
    store = await storeWithSubscribers(dialect, subscribers);
    const provider = recordingTransport();
    const hold = createHoldCheck(store.handle, THRESHOLDS, store.clock);
    const events = createDeliveryEventStore(store.handle.db, store.clock);
    let n = 0;
    /** What the provider reports about the first `count` recipients of a week. */
    const report = async (week: string, kind: EventKind, count: number, from = 0) => {
      for (const email of store!.emails.slice(from, from + count)) {
        await events.record({
          eventId: `evt_${++n}`,
          type: `email.${kind}`,
          providerEmailId: null,
          recipient: email,
          weekTag: week,
          createdAt: store!.clock().toISOString(),
          payload: '{}',
          kind,
          detail: null,
        });
      }
    };
    return { store, provider, hold, report };
  }

  it('holds the next week when the last edition drew complaints above 0.08 %, and sends it all once overridden', async () => {
    const { store, provider, hold, report } = await sent(300);
    await sendEdition(deps(store, provider.transport), editionFor('2026-W47'), options);
    await report('2026-W47', 'delivered', 300);
    await report('2026-W47', 'complained', 1);
    const found = await hold.check('2026-W48');
    expect(found).toEqual({
      week: '2026-W47',
      reason: 'complaint rate',
      rate: (1 / 300) * 100,
      threshold: 0.08,
      count: 1,
      base: 300,
    });
    const held = await sendEdition(
      deps(store, provider.transport, { hold: () => hold.check('2026-W48') }),
      editionFor('2026-W48'),
      options,
    );
    expect(held).toMatchObject({ sent: 0, remaining: 300, complete: false, halt: { kind: 'hold' } });
    expect(held.stoppedBecause).toContain(
      "2026-W47's complaint rate is 0.333 % (1 complaints of 300 delivered)",
    );
    expect(provider.delivered).toHaveLength(300);
    // The operator's decision: sent anyway, everyone once.
    const overridden = await sendEdition(deps(store, provider.transport), editionFor('2026-W48'), options);
    expect(overridden).toMatchObject({ sent: 300, complete: true });
    const w48 = provider.delivered.filter((m) => m.tags.some((t) => t.value === '2026-W48'));
    expect([...countBy(w48, (m) => m.to).values()].every((n) => n === 1)).toBe(true);
    expect(w48).toHaveLength(300);
  });

  it('holds on hard bounces above 4 % of sent, and ignores rates on fewer than HOLD_MIN_SENT emails', async () => {
    const { store, provider, hold, report } = await sent(200);
    await sendEdition(deps(store, provider.transport), editionFor('2026-W47'), options);
    await report('2026-W47', 'bounced', 8);
    expect(await hold.check('2026-W48')).toBeUndefined(); // 4.0 % is not above 4 %
    await report('2026-W47', 'bounced', 1, 8);
    expect(await hold.check('2026-W48')).toMatchObject({
      reason: 'bounce rate',
      count: 9,
      base: 200,
      threshold: 4,
    });
    const small = createHoldCheck(store.handle, { ...THRESHOLDS, minSent: 201 }, store.clock);
    expect(await small.check('2026-W48')).toBeUndefined();
  });

  it('stops a week in progress once its own complaints pass the threshold, losing nobody', async () => {
    const { store, provider, hold, report } = await sent(1000);
    // Each request takes two seconds, so the hold is looked at again before every batch.
    const slow: Transport = {
      ...provider.transport,
      async sendBatch(messages, o) {
        store.advance(2000);
        return provider.transport.sendBatch(messages, o);
      },
    };
    let batches = 0;
    const report1 = await sendEdition(
      deps(store, slow, {
        hold: async () => {
          if (batches++ === 3) {
            await report('2026-W48', 'delivered', 300);
            await report('2026-W48', 'complained', 2);
          }
          return hold.check('2026-W48');
        },
      }),
      editionFor('2026-W48'),
      { ...options, freezeAhead: 2 },
    );
    expect(report1).toMatchObject({
      sent: 300,
      remaining: 700,
      halt: { kind: 'hold', hold: { week: '2026-W48' } },
    });
    const rest = await sendEdition(deps(store, slow), editionFor('2026-W48'), options);
    expect(rest).toMatchObject({ sent: 700, complete: true });
    expect(provider.delivered).toHaveLength(1000);
    expect(new Set(provider.delivered.map((m) => m.to)).size).toBe(1000);
  });
});
