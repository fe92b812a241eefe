import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShownFacts } from '../../src/render/shown-facts.ts';
import { createSendHistory } from '../../src/store/edition-facts-store.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const WEEK = '2026-W48';

function edition(week: string, facts: ShownFacts[]) {
  return { week, subject: 'S', preheader: 'P', html: '<p>h</p>', text: 't', facts };
}

function fact(position: number, tool: string, overrides: Partial<ShownFacts> = {}): ShownFacts {
  return {
    position,
    comparison: 'alpha-vs-beta',
    title: 'Alpha vs Beta',
    tool,
    entry: 'Free',
    panelShip: 75,
    community: 62.5,
    ...overrides,
  };
}

const FACTS = [fact(0, '  Alpha '), fact(1, 'Beta', { entry: '$20/mo', panelShip: null, community: null })];

/** The facts snapshot of a sent edition, on SQLite and PostgreSQL alike. */
describe.each(DIALECTS)('edition facts on %s', (dialect) => {
  let testDb: TestDatabase;
  let handles: StoreHandle[];
  let now: Date;
  const clock = () => now;

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handles = [];
    now = new Date('2026-11-30T09:00:00.000Z');
    const handle = await open();
    await createSubscriberStore(handle.db, clock).importMany(
      [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      { status: 'active', source: 'test' },
    );
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await testDb.cleanup();
  });

  async function open(): Promise<StoreHandle> {
    const handle = await openDatabase(testDb.url);
    handles.push(handle);
    return handle;
  }

  const factCount = async (handle: StoreHandle, week = WEEK) =>
    Number(
      (
        await handle.db
          .selectFrom('edition_facts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('week', '=', week)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('stores what each tool was shown with when the first send starts, and never again', async () => {
    const handle = handles[0]!;
    const ledger = createLedgerStore(handle, clock);
    expect((await ledger.startEdition(edition(WEEK, FACTS))).created).toBe(true);
    now = new Date('2026-11-30T10:00:00.000Z');
    // A resumed send starts the edition again, with content edited in between: nothing changes.
    const again = await ledger.startEdition(edition(WEEK, [fact(0, 'Alpha', { entry: '$99/mo' })]));
    expect(again.created).toBe(false);
    expect(await factCount(handle)).toBe(2);

    const history = createSendHistory(handle.db);
    expect(await history.sentAt(WEEK)).toBe('2026-11-30T09:00:00.000Z');
    expect(await history.sentAt('2026-W49')).toBeUndefined();
    const appearances = await history.appearances(['alpha', 'beta', 'gamma']);
    expect(appearances.sort((a, b) => a.position - b.position)).toEqual([
      {
        week: WEEK,
        sentAt: '2026-11-30T09:00:00.000Z',
        position: 0,
        comparison: 'alpha-vs-beta',
        title: 'Alpha vs Beta',
        tool: '  Alpha ',
        key: 'alpha',
        entry: 'Free',
        panelShip: 75,
        community: 62.5,
      },
      {
        week: WEEK,
        sentAt: '2026-11-30T09:00:00.000Z',
        position: 1,
        comparison: 'alpha-vs-beta',
        title: 'Alpha vs Beta',
        tool: 'Beta',
        key: 'beta',
        entry: '$20/mo',
        panelShip: null,
        community: null,
      },
    ]);
    expect(await history.appearances(['gamma'])).toEqual([]);
    expect(await history.appearances([])).toEqual([]);
  });

  it('writes the facts and the edition together or not at all', async () => {
    const handle = handles[0]!;
    const ledger = createLedgerStore(handle, clock);
    // Two tools in one place: the snapshot cannot be stored, so the edition is not started either.
    await expect(ledger.startEdition(edition(WEEK, [fact(0, 'Alpha'), fact(0, 'Beta')]))).rejects.toThrow();
    expect(await ledger.getEdition(WEEK)).toBeUndefined();
    expect(await factCount(handle)).toBe(0);
    expect(await ledger.counts(WEEK)).toMatchObject({ queued: 0 });
    // The next attempt starts cleanly.
    expect((await ledger.startEdition(edition(WEEK, FACTS))).created).toBe(true);
    expect(await factCount(handle)).toBe(2);
  });

  it('keeps each week apart, in the order the weeks were first sent', async () => {
    const handle = handles[0]!;
    const ledger = createLedgerStore(handle, clock);
    // Sent out of week order: 2026-W50 first, then 2026-W49.
    await ledger.startEdition(edition('2026-W50', [fact(0, 'Alpha', { entry: '$30/mo' })]));
    now = new Date('2026-12-01T09:00:00.000Z');
    await ledger.startEdition(edition('2026-W49', [fact(0, 'ALPHA', { entry: '$25/mo' })]));
    const appearances = await createSendHistory(handle.db).appearances(['alpha']);
    expect(
      appearances
        .map((a) => `${a.sentAt} ${a.week} ${a.tool} ${a.entry}`)
        .sort()
        .join('\n'),
    ).toBe(
      [
        '2026-11-30T09:00:00.000Z 2026-W50 Alpha $30/mo',
        '2026-12-01T09:00:00.000Z 2026-W49 ALPHA $25/mo',
      ].join('\n'),
    );
  });
});

/** Several senders share PostgreSQL (SQLite keeps a second sender out with a lease row). */
describe('edition facts with senders racing on PostgreSQL', () => {
  let testDb: TestDatabase;
  let handles: StoreHandle[];
  const clock = () => new Date('2026-11-30T09:00:00.000Z');
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await testDb.cleanup();
  });

  it('two senders starting the same week at once leave one edition and one snapshot', async () => {
    testDb = await createTestDatabase('postgres');
    handles = [await openDatabase(testDb.url), await openDatabase(testDb.url)];
    const [a, b] = handles as [StoreHandle, StoreHandle];
    await createSubscriberStore(a.db, clock).importMany([{ email: 'a@example.com' }], {
      status: 'active',
      source: 'test',
    });
    const results = await Promise.all([
      createLedgerStore(a, clock).startEdition(edition(WEEK, FACTS)),
      createLedgerStore(b, clock).startEdition(edition(WEEK, FACTS)),
    ]);
    expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    const rows = await a.db.selectFrom('edition_facts').select(['week', 'position']).execute();
    expect(rows).toHaveLength(2);
  });
});
