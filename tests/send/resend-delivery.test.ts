import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createPacer } from '../../src/send/pacer.ts';
import { createResendTransport } from '../../src/send/resend-transport.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { SendEvent } from '../../src/send/send-run.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ResendDouble, type ResendDoubleOptions } from '../helpers/resend-double.ts';
import { deps, editionFor, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const week = '2026-W48';
const API_KEY = 're_test_key';

describe.each(DIALECTS)('delivery through the real Resend SDK on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  let double: ResendDouble | undefined;
  afterEach(async () => {
    await store?.close();
    await double?.stop();
    store = undefined;
    double = undefined;
  });

  async function setUp(subscribers: number, options: ResendDoubleOptions = {}, timeoutMs = 5_000) {
    store = await storeWithSubscribers(dialect, subscribers);
    double = new ResendDouble({ apiKey: API_KEY, ...options });
    const baseUrl = await double.start();
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl, timeoutMs });
    const events: SendEvent[] = [];
    // Real waits, shortened: backoff and retry-after still order events as in production.
    const sleep = (ms: number) => delay(Math.min(ms, 20));
    return {
      store,
      double,
      baseUrl,
      transport,
      events,
      sendDeps: deps(store, transport, { sleep, onEvent: (e) => events.push(e) }),
    };
  }

  function assertExactlyOnce(emails: readonly string[]) {
    expect(double!.duplicates()).toEqual([]);
    expect(double!.missing(emails)).toEqual([]);
    expect(double!.accepted).toHaveLength(emails.length);
  }

  it('delivers in batches of at most 100, each with headers, tags and a personal link', async () => {
    const { sendDeps, store, double } = await setUp(250);
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 250, failed: 0, complete: true });
    assertExactlyOnce(store.emails);
    expect(double.requests).toBe(3);
    const one = double.accepted[0]!;
    expect(one.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(one.headers['List-Unsubscribe']).toMatch(/^<https:\/\/news\.example\.com\/unsubscribe\?token=/);
    expect(one.tags).toContainEqual({ name: 'week', value: week });
    expect(new Set(double.accepted.map((e) => e.idempotencyKey)).size).toBe(3);
    const counts = await store.ledger.counts(week);
    expect(counts.sent).toBe(250);
  });

  it('survives 500s, resets and lost answers with no duplicate and no gap', async () => {
    const { sendDeps, store, double, events } = await setUp(600);
    double.inject(
      { kind: 'status', status: 500 },
      { kind: 'drop-after-accept' },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
      { kind: 'drop-after-accept' },
      { kind: 'status', status: 502 },
    );
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 600, complete: true });
    assertExactlyOnce(store.emails);
    expect(double.pendingFaults).toBe(0);
    expect(double.requests).toBe(12);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(6);
  });

  it('treats a slow answer as lost and settles it by re-sending under the same key', async () => {
    const { sendDeps, store, double } = await setUp(300, {}, 300);
    double.inject({ kind: 'delay', ms: 1_000 }, { kind: 'delay', ms: 1_000 });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 300, complete: true });
    assertExactlyOnce(store.emails);
  });

  it('waits out a 429 storm as the headers say, and drops nobody', async () => {
    const { store, double, transport, events } = await setUp(500, {
      rateLimit: { limit: 2, windowMs: 1000 },
    });
    const clock = () => new Date();
    const sendDeps = deps(store, transport, {
      clock,
      sleep: (ms) => delay(ms),
      pacer: createPacer({ clock, sleep: (ms) => delay(ms) }),
      onEvent: (e) => events.push(e),
    });
    double.inject({ kind: 'status', status: 429, name: 'rate_limit_exceeded' });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 500, complete: true });
    assertExactlyOnce(store.emails);
    // The pacer reads ratelimit-remaining/-reset, so only the injected 429 needed a retry.
    expect(double.rateLimited).toBe(0);
  });

  it('keeps retrying while throttled without the pacer, and still delivers everyone once', async () => {
    const { sendDeps, store, double } = await setUp(400, { rateLimit: { limit: 1, windowMs: 1000 } });
    const report = await sendEdition(
      { ...sendDeps, sleep: (ms) => delay(Math.min(ms, 300)) },
      editionFor(week),
      { settings, workerId: 'w1' },
    );
    expect(report).toMatchObject({ sent: 400, complete: true });
    assertExactlyOnce(store.emails);
    expect(double.rateLimited).toBeGreaterThan(0);
  });

  it('fails only the addresses the provider rejects, with its reason, and sends the rest', async () => {
    const rejects = (to: string) => (to.endsWith('7@example.com') ? 'Invalid `to` field.' : undefined);
    const { sendDeps, store, double } = await setUp(120, { rejects });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    const rejected = store.emails.filter((e) => e.endsWith('7@example.com'));
    expect(report).toMatchObject({ sent: 120 - rejected.length, failed: rejected.length, complete: true });
    expect(report.failures.map((f) => f.email)).toEqual(rejected);
    expect(report.failures[0]?.error).toBe('Invalid `to` field.');
    expect(double.accepted.map((e) => e.to).sort()).toEqual(
      store.emails.filter((e) => !rejected.includes(e)).sort(),
    );
  });

  it('stops on a bad API key, reports why, and resumes once fixed', async () => {
    const { store, baseUrl: url } = await setUp(150);
    const wrong = createResendTransport({ apiKey: 're_wrong', baseUrl: url });
    const stopped = await sendEdition(deps(store, wrong), editionFor(week), { settings, workerId: 'w1' });
    expect(stopped.stoppedBecause).toMatch(/^401/);
    expect(stopped).toMatchObject({ sent: 0, remaining: 150, complete: false });
    const right = createResendTransport({ apiKey: API_KEY, baseUrl: url });
    const resumed = await sendEdition(deps(store, right), editionFor(week), { settings, workerId: 'w1' });
    expect(resumed).toMatchObject({ sent: 150, complete: true });
    assertExactlyOnce(store.emails);
  });
});
