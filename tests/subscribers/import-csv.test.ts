import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscriber-store.ts';
import { importSubscribers, parseSubscriberCsv } from '../../src/subscribers/import-csv.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');

const MESSY_PROBLEMS = [
  'messy.csv:4: email: "not-an-email" is not an email address',
  'messy.csv:8: email: "alan@example.com" appears 3 times (lines 2, 8, 15); imported once',
  'messy.csv:9: email: "bob @example.com" contains a space',
  'messy.csv:10: email: "a@b@example.com" contains more than one @',
  'messy.csv:11: email: "" is empty',
  'messy.csv:12: email: "x@-bad.example.com" has an invalid domain "-bad.example.com"',
  'messy.csv:13: email: "x@localhost" has an invalid domain "localhost"',
];

describe('parseSubscriberCsv', () => {
  it('reads a BOM, CRLF line ends, quoted commas and escaped quotes, and lower-cases addresses', () => {
    expect(parseSubscriberCsv(fixture('bom-crlf.csv'), 'bom-crlf.csv')).toEqual({
      rows: [
        { line: 2, email: 'ada@example.com', name: 'Lovelace, Ada' },
        { line: 3, email: 'grace@example.com', name: 'Grace Hopper' },
        { line: 5, email: 'katherine@example.com', name: 'Johnson, Katherine "Kate"' },
      ],
      problems: [],
    });
  });

  it('keeps good rows and reports each bad one at its physical line', () => {
    const { rows, problems } = parseSubscriberCsv(fixture('messy.csv'), 'messy.csv');
    expect(rows).toEqual([
      { line: 2, email: 'alan@example.com', name: 'Turing, Alan' },
      { line: 5, email: 'multi@example.com', name: 'Multi\nline name' },
      { line: 14, email: 'carol@example.com', name: 'Good' },
      { line: 16, email: 'dave@example.com', name: 'Last' },
    ]);
    expect(problems.map((problem) => problem.message)).toEqual(MESSY_PROBLEMS);
    expect(problems.map((problem) => problem.line)).toEqual([4, 8, 9, 10, 11, 12, 13]);
  });

  it('matches the email header in any case and needs no name column', () => {
    expect(parseSubscriberCsv(fixture('email-only.csv'), 'email-only.csv')).toEqual({
      rows: [
        { line: 2, email: 'ada@example.com' },
        { line: 3, email: 'bob@example.com' },
      ],
      problems: [],
    });
  });

  it('reports a missing email header once, naming the header', () => {
    expect(parseSubscriberCsv(fixture('missing-header.csv'), 'missing-header.csv')).toEqual({
      rows: [],
      problems: [
        { line: 1, message: 'missing-header.csv:1: header: no "email" column (found "mail", "name")' },
      ],
    });
  });

  it('reports an empty file and accepts a header with no rows', () => {
    expect(parseSubscriberCsv('', 'empty.csv').problems).toEqual([
      { line: 1, message: 'empty.csv:1: the file is empty' },
    ]);
    expect(parseSubscriberCsv(fixture('header-only.csv'), 'header-only.csv')).toEqual({
      rows: [],
      problems: [],
    });
  });

  it('keeps the rows before an unclosed quote and reports it', () => {
    const { rows, problems } = parseSubscriberCsv(fixture('unclosed-quote.csv'), 'unclosed-quote.csv');
    expect(rows).toEqual([{ line: 2, email: 'ada@example.com', name: 'Ada' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^unclosed-quote\.csv:\d+: Quote Not Closed/);
  });
});

describe.each(DIALECTS)('importSubscribers on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let store: SubscriberStore;
  const now = new Date('2026-01-05T09:00:00.000Z');

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    store = createSubscriberStore(handle.db, () => now);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  it('imports the good rows, reports the bad ones, and changes nothing the second time', async () => {
    const text = fixture('messy.csv');
    const first = await importSubscribers(store, text, 'messy.csv', { confirmed: true });
    expect(first.inserted).toBe(4);
    expect(first.unchanged).toBe(0);
    expect(first.problems.map((problem) => problem.message)).toEqual(MESSY_PROBLEMS);
    const before = await store.list();
    expect(before.map((s) => [s.email, s.status, s.source])).toEqual([
      ['alan@example.com', 'active', 'import:messy.csv'],
      ['multi@example.com', 'active', 'import:messy.csv'],
      ['carol@example.com', 'active', 'import:messy.csv'],
      ['dave@example.com', 'active', 'import:messy.csv'],
    ]);

    const second = await importSubscribers(store, text, 'messy.csv', { confirmed: true });
    expect(second).toEqual({ inserted: 0, unchanged: 4, problems: first.problems });
    expect(await store.list()).toEqual(before);
  });

  it('imports unconfirmed addresses as pending with the given source', async () => {
    const result = await importSubscribers(store, fixture('bom-crlf.csv'), 'lists/bom-crlf.csv', {
      confirmed: false,
      source: 'import:spring-list',
    });
    expect(result).toEqual({ inserted: 3, unchanged: 0, problems: [] });
    expect(await store.findByEmail('katherine@example.com')).toMatchObject({
      status: 'pending',
      source: 'import:spring-list',
      name: 'Johnson, Katherine "Kate"',
      confirmed_at: null,
    });
  });

  it('never resubscribes someone who left', async () => {
    const { subscriber } = await store.add({
      email: 'grace@example.com',
      status: 'active',
      source: 'signup',
    });
    const left = await store.setStatus(subscriber.id, 'unsubscribed');
    const result = await importSubscribers(store, fixture('bom-crlf.csv'), 'bom-crlf.csv', {
      confirmed: true,
    });
    expect(result).toMatchObject({ inserted: 2, unchanged: 1 });
    expect(await store.findByEmail('GRACE@example.com')).toEqual(left);
  });

  it('imports nothing when the header is missing', async () => {
    const result = await importSubscribers(store, fixture('missing-header.csv'), 'missing-header.csv', {
      confirmed: true,
    });
    expect(result).toMatchObject({ inserted: 0, unchanged: 0 });
    expect(result.problems).toHaveLength(1);
    expect(await store.list()).toEqual([]);
  });
});
