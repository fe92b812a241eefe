import { afterEach, describe, expect, it } from 'vitest';
import { sendEdition } from '../../src/send/send-edition.ts';
import { verifyUnsubscribeToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import {
  countBy,
  deps,
  editionFor,
  recordingTransport,
  settings,
  storeWithSubscribers,
} from '../helpers/send-fixtures.ts';

const week = '2026-W48';
const options = { settings, workerId: 'test:1' };

describe.each(DIALECTS)('sending an edition on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('sends each active subscriber exactly one personal message, and a re-run sends nothing', async () => {
    store = await storeWithSubscribers(dialect, 250);
    const provider = recordingTransport();
    const first = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(first).toMatchObject({
      audience: 250,
      sent: 250,
      failed: 0,
      skipped: 0,
      alreadyDone: 0,
      complete: true,
    });
    expect(provider.requests).toBe(3); // batches of 100, 100, 50
    expect([...countBy(provider.delivered, (m) => m.to).values()].every((n) => n === 1)).toBe(true);
    const ada = provider.delivered.find((m) => m.to === 'sub0007@example.com')!;
    const token = new URL(ada.headers['List-Unsubscribe']!.slice(1, -1)).searchParams.get('token')!;
    expect(verifyUnsubscribeToken(settings.secret, token)).toBe(ada.subscriberId);
    expect(ada.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(ada.html).toContain('Sent to sub0007@example.com');
    expect(ada.text).toContain(`Unsubscribe: https://news.example.com/unsubscribe?token=${token}`);

    const again = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(again).toMatchObject({ sent: 0, alreadyDone: 250, complete: true });
    expect(provider.delivered).toHaveLength(250);
  });

  it('keeps the audience it started with: later signups wait for next week', async () => {
    store = await storeWithSubscribers(dialect, 120);
    const provider = recordingTransport((n) => (n === 2 ? 'fatal' : 'ok'));
    const stopped = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(stopped.stoppedBecause).toContain('401');
    expect(stopped.remaining).toBe(20);
    await store.subscribers.add({ email: 'late@example.com', status: 'active', source: 'test' });
    const resumed = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(resumed).toMatchObject({ sent: 20, alreadyDone: 100, complete: true });
    expect(provider.delivered.map((m) => m.to)).not.toContain('late@example.com');
  });

  it('skips someone who unsubscribed before their batch was frozen', async () => {
    store = await storeWithSubscribers(dialect, 150);
    const current = store;
    const provider = recordingTransport();
    const unsubscribingMidRun = {
      ...provider.transport,
      async sendBatch(
        messages: Parameters<typeof provider.transport.sendBatch>[0],
        o: { idempotencyKey: string },
      ) {
        if (provider.requests === 0) {
          const leaving = await current.subscribers.findByEmail('sub0140@example.com');
          await current.subscribers.setStatus(leaving!.id, 'unsubscribed');
        }
        return provider.transport.sendBatch(messages, o);
      },
    };
    // One batch frozen at a time, so sub0140's batch is frozen after the first request.
    const oneAtATime = { ...options, freezeAhead: 1 };
    const report = await sendEdition(deps(store, unsubscribingMidRun), editionFor(week), oneAtATime);
    expect(report).toMatchObject({ sent: 149, skipped: 1, complete: true });
    expect(provider.delivered.map((m) => m.to)).not.toContain('sub0140@example.com');
  });

  it('sends a frozen batch as it is, even if a member unsubscribed after it was frozen', async () => {
    store = await storeWithSubscribers(dialect, 150);
    const provider = recordingTransport((n) => (n === 2 ? 'fatal' : 'ok'));
    await sendEdition(deps(store, provider.transport), editionFor(week), options);
    const leaving = await store.subscribers.findByEmail('sub0140@example.com');
    await store.subscribers.setStatus(leaving!.id, 'unsubscribed');
    const report = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(report).toMatchObject({ sent: 50, skipped: 0, complete: true });
  });

  it('gives back the batches it froze ahead when it stops, counting no attempt for them', async () => {
    store = await storeWithSubscribers(dialect, 500);
    const provider = recordingTransport((n) => (n === 2 ? 'fatal' : 'ok'));
    const stopped = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(stopped).toMatchObject({ sent: 100, remaining: 400, complete: false });
    const batches = await store.handle.db
      .selectFrom('batches')
      .select(['batch_no', 'status', 'attempts', 'first_attempt_at', 'lease_owner'])
      .orderBy('batch_no')
      .execute();
    // Batch 2 was attempted (the provider refused it); 3 to 5 never left this process.
    expect(batches.map((b) => [b.batch_no, b.status, b.attempts, b.lease_owner])).toEqual([
      [1, 'sent', 1, null],
      [2, 'frozen', 1, null],
      [3, 'frozen', 0, null],
      [4, 'frozen', 0, null],
      [5, 'frozen', 0, null],
    ]);
    expect(batches.slice(2).every((b) => b.first_attempt_at === null)).toBe(true);
    const finished = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(finished).toMatchObject({ sent: 400, complete: true });
    expect(new Set(provider.delivered.map((m) => m.to)).size).toBe(500);
    expect(provider.delivered).toHaveLength(500);
  });

  it('re-sends a batch whose answer was lost under the same key, so nobody gets two', async () => {
    store = await storeWithSubscribers(dialect, 300);
    const provider = recordingTransport((n) => (n === 2 || n === 5 ? 'lost' : n === 3 ? 'retry' : 'ok'));
    const report = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(report).toMatchObject({ sent: 300, complete: true });
    expect(provider.delivered).toHaveLength(300);
    expect(new Set(provider.delivered.map((m) => m.to)).size).toBe(300);
  });

  it('resumes with the render it started with, even if content changed in between', async () => {
    store = await storeWithSubscribers(dialect, 150);
    const provider = recordingTransport((n) => (n === 2 ? 'fatal' : 'ok'));
    await sendEdition(deps(store, provider.transport), editionFor(week, 'first render'), options);
    await sendEdition(deps(store, provider.transport), editionFor(week, 'edited later'), options);
    expect(provider.delivered.every((m) => m.html.includes('first render'))).toBe(true);
  });

  it('stops, resumable, when the provider keeps failing, and finishes on the next run', async () => {
    store = await storeWithSubscribers(dialect, 50);
    let down = true;
    const provider = recordingTransport(() => (down ? 'retry' : 'ok'));
    const stopped = await sendEdition(deps(store, provider.transport), editionFor(week), {
      ...options,
      maxServerErrors: 3,
    });
    expect(stopped).toMatchObject({ sent: 0, remaining: 50, complete: false });
    expect(stopped.stoppedBecause).toMatch(/run send again/);
    down = false;
    const finished = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(finished).toMatchObject({ sent: 50, complete: true });
  });

  it('marks a batch uncertain rather than retrying it past the idempotency window', async () => {
    store = await storeWithSubscribers(dialect, 150);
    const provider = recordingTransport((n) => (n === 1 ? 'lost' : 'ok'));
    const stopped = await sendEdition(deps(store, provider.transport), editionFor(week), {
      ...options,
      maxServerErrors: 1,
    });
    expect(stopped.remaining).toBe(150);
    store.advance(25 * 60 * 60 * 1000);
    const report = await sendEdition(deps(store, provider.transport), editionFor(week), options);
    expect(report).toMatchObject({ uncertain: 100, sent: 50, complete: true });
    expect(report.failures[0]?.error).toMatch(/idempotency window/);
  });

  it('checks the idempotency window before every retry, not only when the run starts', async () => {
    store = await storeWithSubscribers(dialect, 150);
    const current = store;
    // The provider is down for 30 requests; each backoff lets an hour pass.
    const provider = recordingTransport((request) => (request <= 30 ? 'retry' : 'ok'));
    const report = await sendEdition(
      deps(store, provider.transport, {
        sleep: async () => current.advance(60 * 60 * 1000),
      }),
      editionFor(week),
      { ...options, maxServerErrors: 100 },
    );
    // Batch 1 was given up once its first attempt was older than the window, never sent blindly; the
    // next batch, fresh, went out when the provider came back.
    expect(report).toMatchObject({ uncertain: 100, sent: 50, complete: true });
    expect(report.failures[0]?.error).toMatch(/idempotency window/);
    expect(provider.delivered.map((m) => m.to)).toEqual(store.emails.slice(100));
  });

  it('records provider rejections per address and sends the rest', async () => {
    store = await storeWithSubscribers(dialect, 10);
    const provider = recordingTransport();
    const picky = {
      ...provider.transport,
      async sendBatch(
        messages: Parameters<typeof provider.transport.sendBatch>[0],
        o: { idempotencyKey: string },
      ) {
        const result = await provider.transport.sendBatch(messages, o);
        if (result.kind !== 'accepted') return result;
        return {
          kind: 'accepted' as const,
          outcomes: messages.map((m, i) =>
            m.to === 'sub0003@example.com'
              ? { ok: false as const, error: 'Invalid `to` field' }
              : result.outcomes[i]!,
          ),
        };
      },
    };
    const report = await sendEdition(deps(store, picky), editionFor(week), options);
    expect(report).toMatchObject({ sent: 9, failed: 1, complete: true });
    expect(report.failures).toEqual([
      { email: 'sub0003@example.com', status: 'failed', error: 'Invalid `to` field' },
    ]);
  });
});
