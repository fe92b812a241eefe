import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryEventStore, type DeliveryEventInput } from '../../src/store/delivery-event-store.ts';
import { editionFigures } from '../../src/store/engagement/edition-stats.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { sampleEdition } from '../helpers/engagement-fixtures.ts';

const WEEK = '2026-W48';
const clock = () => new Date('2026-11-30T09:00:00Z');

describe.each(DIALECTS)('events arriving together on %s', (dialect) => {
  let database: TestDatabase;
  let handle: StoreHandle;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    handle = await openDatabase(database.url);
    const subscribers = createSubscriberStore(handle.db, clock);
    for (let i = 0; i < 30; i++)
      await subscribers.add({ email: `r${i}@example.com`, status: 'active', source: 'cli' });
    const ledger = createLedgerStore(handle, clock);
    await ledger.startEdition(sampleEdition(WEEK));
    const frozen = await ledger.freezeNextBatch(WEEK, 100, 'test', 60_000);
    await ledger.completeBatch(
      WEEK,
      1,
      frozen!.recipients.map((m) => ({
        subscriberId: m.subscriberId,
        outcome: { ok: true, providerId: `re_${m.subscriberId}` },
      })),
    );
  });
  afterEach(async () => {
    await handle.close();
    await database.cleanup();
  });

  const event = (
    id: string,
    reader: number,
    kind: 'delivered' | 'opened' | 'clicked',
    link?: string,
  ): DeliveryEventInput => ({
    eventId: id,
    type: `email.${kind}`,
    providerEmailId: null,
    recipient: `r${reader}@example.com`,
    weekTag: WEEK,
    createdAt: clock().toISOString(),
    payload: '{}',
    kind,
    detail: null,
    link: link ?? null,
  });

  it('records a burst once per event id, answers each caller, and a bad event fails alone', async () => {
    const events = createDeliveryEventStore(handle.db, clock);
    const burst: DeliveryEventInput[] = [];
    for (let i = 0; i < 30; i++) burst.push(event(`d${i}`, i, 'delivered'));
    for (let i = 0; i < 10; i++) burst.push(event(`o${i}`, i, 'opened'), event(`o${i}`, i, 'opened'));
    burst.push(event('c1', 1, 'clicked', 'https://verdicts.example/compare/warp-vs-ghostty?utm_source=x'));
    burst.push(event('c2', 2, 'clicked', 'https://verdicts.example/compare/warp-vs-ghostty'));
    // An event id the database cannot store (SQLite binds no object, PostgreSQL text holds no NUL): it
    // must not take its neighbours down with it.
    const id = dialect === 'sqlite' ? ({ not: 'text' } as unknown as string) : 'bad\u0000';
    const bad = { ...event('bad', 3, 'opened'), eventId: id };
    const answers = await Promise.allSettled([...burst, bad].map((input) => events.record(input)));
    expect(answers.at(-1)?.status).toBe('rejected');
    const recorded = answers
      .slice(0, -1)
      .map((answer) => (answer.status === 'fulfilled' ? answer.value.duplicate : 'failed'));
    expect(recorded.filter((duplicate) => duplicate === true)).toHaveLength(10);
    expect(recorded.filter((duplicate) => duplicate === false)).toHaveLength(42);
    const figures = await editionFigures(handle, WEEK, { links: true });
    expect(figures).toMatchObject({ sent: 30, delivered: 30, opened: 10, clicked: 2 });
    expect(figures?.links).toEqual([
      { url: 'https://verdicts.example/compare/warp-vs-ghostty', clicks: 2, clickers: 2 },
    ]);
    expect(figures?.comparisons.find((c) => c.slug === 'warp-vs-ghostty')?.clicked).toBe(2);
  });
});
