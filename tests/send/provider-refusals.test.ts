import { afterEach, describe, expect, it } from 'vitest';
import { createResendTransport } from '../../src/send/resend-transport.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ResendDouble, type ResendDoubleOptions } from '../helpers/resend-double.ts';
import { deps, editionFor, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const week = '2026-W48';
const API_KEY = 're_full_access';
const SENDING_KEY = 're_sending_only';
const DAY = 24 * 60 * 60 * 1000;

/** What Resend answers a real account that says no, and what `send` does with each answer. */
describe.each(DIALECTS)('when Resend says no, on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  let double: ResendDouble | undefined;
  afterEach(async () => {
    await store?.close();
    await double?.stop();
    store = undefined;
    double = undefined;
  });

  async function setUp(
    subscribers: number,
    options: ResendDoubleOptions = {},
    key = API_KEY,
    templates = false,
  ) {
    store = await storeWithSubscribers(dialect, subscribers);
    double = new ResendDouble({ apiKey: API_KEY, sendingKey: SENDING_KEY, ...options });
    const warnings: string[] = [];
    const transport = createResendTransport({
      apiKey: key,
      baseUrl: await double.start(),
      templates,
      warn: (message) => warnings.push(message),
      sleep: async () => {},
    });
    return { store, double, transport, warnings, sendDeps: deps(store, transport) };
  }

  it('stops at once on the daily quota, counts nothing refused as sent, and resumes exactly once after it resets', async () => {
    const { store, double, sendDeps } = await setUp(450, { quota: { daily: 200 } });
    const first = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    // Two batches fit in the day; the third is refused whole, once: no retry loop.
    expect(first).toMatchObject({
      sent: 200,
      remaining: 250,
      complete: false,
      halt: { kind: 'quota', quota: 'daily' },
    });
    expect(first.stoppedBecause).toContain('daily_quota_exceeded');
    expect(double.requests).toBe(3);
    expect(first.counts).toMatchObject({ sent: 200, failed: 0, uncertain: 0 });
    // A day later: the refused batch is sent as new, not given up as past the idempotency window.
    store.advance(DAY + 60_000);
    double.account.nextDay();
    const second = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(second).toMatchObject({ sent: 200, uncertain: 0, halt: { kind: 'quota', quota: 'daily' } });
    store.advance(DAY + 60_000);
    double.account.nextDay();
    const third = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(third).toMatchObject({ sent: 50, complete: true, remaining: 0 });
    expect(third.halt).toBeUndefined();
    expect(double.duplicates()).toEqual([]);
    expect(double.missing(store.emails)).toEqual([]);
    expect(double.accepted).toHaveLength(450);
  });

  it('names the monthly quota when that is the one used up', async () => {
    const { sendDeps } = await setUp(150, { quota: { daily: 1000, monthly: 100 } });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 100, remaining: 50, halt: { kind: 'quota', quota: 'monthly' } });
    expect(report.stoppedBecause).toContain('monthly_quota_exceeded');
  });

  it('sends inline, with one warning, when RESEND_TEMPLATES meets a sending-only key', async () => {
    const { store, double, warnings, sendDeps } = await setUp(230, {}, SENDING_KEY, true);
    const report = await sendEdition(sendDeps, editionFor(week, 'inline body'), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 230, complete: true });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('restricted_api_key');
    expect(double.templates.size).toBe(0);
    expect(double.accepted.every((email) => email.html.includes('inline body'))).toBe(true);
    expect(double.missing(store.emails)).toEqual([]);
  });

  it('does not map an answer whose ids do not add up: that batch is uncertain until events settle it', async () => {
    const { store, double, sendDeps } = await setUp(150);
    double.inject({ kind: 'short-answer' });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 50, uncertain: 100, complete: true });
    expect(report.failures[0]).toMatchObject({ status: 'uncertain', email: 'sub0001@example.com' });
    expect(report.failures[0]?.error).toContain('answer names 99 emails and 0 errors for 100 sent');
    // The provider's events, tagged with the week, prove what it took.
    const events = createDeliveryEventStore(store.handle.db, store.clock);
    for (const email of double.accepted.slice(0, 100)) {
      await events.record({
        eventId: `evt_${email.id}`,
        type: 'email.delivered',
        providerEmailId: email.id,
        recipient: email.to,
        weekTag: week,
        createdAt: store.clock().toISOString(),
        payload: '{}',
        kind: 'delivered',
        detail: null,
      });
    }
    expect(await store.ledger.counts(week)).toMatchObject({ sent: 150, uncertain: 0 });
  });

  it('stops before anything is sent when the sending domain is not verified, naming it', async () => {
    const { double, sendDeps } = await setUp(50, { verifiedDomains: ['news.example.org'] });
    const report = await sendEdition(sendDeps, editionFor(week), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 0, remaining: 50, complete: false });
    expect(report.stoppedBecause).toContain(
      '403 validation_error: The verdicts.example.com domain is not verified',
    );
    expect(double.accepted).toHaveLength(0);
    expect(double.requests).toBe(1);
  });
});
