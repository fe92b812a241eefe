import { afterEach, describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { createMemoryLogger } from '../../src/log/logger.ts';
import { createHoldCheck } from '../../src/reputation/hold-check.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createWeeklyJob } from '../../src/schedule/weekly-job.ts';
import type { Transport } from '../../src/send/transport.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { manualTime } from '../helpers/manual-ticker.ts';
import { recordingTransport, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const source = {
  files: fileSystemContent,
  contentDir: 'content',
  issuesDir: 'issues',
  siteUrl: 'https://verdicts.example.com',
  publicUrl: 'https://news.example.com',
  postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield',
  timezone: 'UTC',
};
const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('the weekly job on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  async function scheduler(
    url: string,
    transport: Transport,
    workerId: string,
    start: string,
    signal?: AbortSignal,
  ) {
    const handle = await openDatabase(url);
    const time = manualTime(start);
    const { logger, entries } = createMemoryLogger();
    const job = createWeeklyJob(
      {
        store: handle,
        transportFor: () => transport,
        clock: time.clock,
        sleep: async () => {},
        random: () => 0.5,
        workerId,
        isOwnerAlive: () => true,
        signal,
      },
      { source, settings, leaseMs: 60_000 },
    );
    const instance = createScheduler(
      {
        clock: time.clock,
        ticker: time.ticker,
        later: time.later,
        log: logger,
        runWeek: (week) => job.runWeek(week),
        isWeekComplete: (week) => job.isWeekComplete(week),
      },
      { cron: '0 9 * * 1', timezone: 'UTC', catchUpWindowMs: DAY, busyRetryMs: 60_000 },
    );
    return { instance, time, entries, close: () => handle.close() };
  }

  it('two schedulers ticking at once send the week once', async () => {
    store = await storeWithSubscribers(dialect, 250);
    const provider = recordingTransport();
    // Slow answers keep the first sender busy while the second one tries.
    const slow: Transport = {
      ...provider.transport,
      async sendBatch(messages, options) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return provider.transport.sendBatch(messages, options);
      },
    };
    const a = await scheduler(store.url, slow, 'host-a:1', '2026-11-20T12:00:00Z');
    const b = await scheduler(store.url, slow, 'host-b:2', '2026-11-20T12:00:00Z');
    await a.instance.start();
    await b.instance.start();
    a.time.advanceTo('2026-11-23T09:00:00Z', true);
    b.time.advanceTo('2026-11-23T09:00:00Z', true);
    await Promise.all([a.instance.idle(), b.instance.idle()]);
    // The loser looks again a minute later and finds the week complete.
    b.time.advanceTo('2026-11-23T09:01:00Z');
    a.time.advanceTo('2026-11-23T09:01:00Z');
    await Promise.all([a.instance.idle(), b.instance.idle()]);
    expect(provider.delivered).toHaveLength(250);
    expect(new Set(provider.delivered.map((m) => m.to)).size).toBe(250);
    expect(provider.delivered.every((m) => m.tags.some((t) => t.value === '2026-W47'))).toBe(true);
    const messages = [...a.entries, ...b.entries].map((e) => e.msg);
    expect(messages.filter((m) => m === 'week sent')).toHaveLength(1);
    expect(
      messages.some(
        (m) => m === 'another scheduler is sending this week' || m === 'week already sent; nothing to do',
      ),
    ).toBe(true);
    await Promise.all([a.instance.stop(), b.instance.stop()]);
    await Promise.all([a.close(), b.close()]);
  });

  it('SIGTERM mid-send finishes the batch in flight; a restart resumes with no duplicate and no gap', async () => {
    store = await storeWithSubscribers(dialect, 300);
    const provider = recordingTransport();
    const abort = new AbortController();
    const stopping: Transport = {
      ...provider.transport,
      async sendBatch(messages, options) {
        const result = await provider.transport.sendBatch(messages, options);
        if (provider.requests === 1) abort.abort(); // the signal arrives while batch 1 is in flight
        return result;
      },
    };
    const first = await scheduler(store.url, stopping, 'host-a:1', '2026-11-23T08:00:00Z', abort.signal);
    await first.instance.start();
    first.time.advanceTo('2026-11-23T09:00:00Z', true);
    await first.instance.idle();
    await first.instance.stop();
    await first.close();
    expect(provider.delivered).toHaveLength(100);

    // Restarted an hour later: the missed run is caught up and the week completed.
    const second = await scheduler(store.url, provider.transport, 'host-a:3', '2026-11-23T10:00:00Z');
    await second.instance.start();
    await second.instance.stop();
    await second.close();
    expect(provider.delivered).toHaveLength(300);
    expect(new Set(provider.delivered.map((m) => m.to)).size).toBe(300);
    expect(second.entries.some((e) => e.msg === 'week sent' && e.reason === 'catch-up')).toBe(true);
  });

  it('does not send a week while the last edition’s complaints hold it', async () => {
    store = await storeWithSubscribers(dialect, 200);
    const provider = recordingTransport();
    const handle = await openDatabase(store.url);
    try {
      const holds = createHoldCheck(
        handle,
        { complaintRate: 0.08, bounceRate: 4, minSent: 100 },
        store.clock,
      );
      const job = createWeeklyJob(
        {
          store: handle,
          transportFor: () => provider.transport,
          clock: store.clock,
          sleep: async () => {},
          random: () => 0.5,
          workerId: 'host:1',
          isOwnerAlive: () => true,
          hold: (week) => holds.check(week),
        },
        { source, settings, leaseMs: 60_000 },
      );
      expect(await job.runWeek('2026-W46')).toMatchObject({ kind: 'sent', sent: 200, complete: true });
      const events = createDeliveryEventStore(handle.db, store.clock);
      for (const [i, email] of store.emails.entries()) {
        for (const kind of i === 0 ? (['delivered', 'complained'] as const) : (['delivered'] as const)) {
          await events.record({
            eventId: `${kind}-${i}`,
            type: `email.${kind}`,
            providerEmailId: null,
            recipient: email,
            weekTag: '2026-W46',
            createdAt: store.clock().toISOString(),
            payload: '{}',
            kind,
            detail: null,
          });
        }
      }
      const outcome = await job.runWeek('2026-W47');
      expect(outcome).toEqual({
        kind: 'held',
        reason:
          "2026-W46's complaint rate is 0.5 % (1 complaints of 200 delivered), above HOLD_COMPLAINT_RATE 0.08 %",
      });
      expect(provider.delivered).toHaveLength(200);
    } finally {
      await handle.close();
    }
  });
});
