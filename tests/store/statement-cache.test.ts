import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/store/statement-cache.ts';

describe('withStatementCache', () => {
  let database: Database.Database;
  beforeEach(() => {
    database = new Database(':memory:');
    database.exec('create table t (n integer); insert into t values (1), (2), (3)');
  });
  afterEach(() => database.close());

  it('prepares each SQL text once and reuses it', () => {
    const cached = withStatementCache(database);
    const first = cached.prepare('select n from t where n > ?');
    expect(cached.prepare('select n from t where n > ?')).toBe(first);
    expect(cached.prepare('select n from t where n < ?')).not.toBe(first);
  });

  it('never hands out a statement that is still being iterated', () => {
    const cached = withStatementCache(database);
    const sql = 'select n from t order by n';
    const outer = cached.prepare(sql) as Database.Statement;
    const seen: number[][] = [];
    for (const row of outer.iterate() as Iterable<{ n: number }>) {
      // A nested query with the same text while the first is mid-iteration gets its own statement.
      const inner = cached.prepare(sql) as Database.Statement;
      expect(inner).not.toBe(outer);
      seen.push([row.n, ...(inner.all() as Array<{ n: number }>).map((r) => r.n)]);
    }
    expect(seen).toEqual([
      [1, 1, 2, 3],
      [2, 1, 2, 3],
      [3, 1, 2, 3],
    ]);
    expect(cached.prepare(sql)).toBe(outer);
  });

  it('keeps the 256 most recently used statements', () => {
    const cached = withStatementCache(database);
    const sql = (i: number) => `select ${i} as n`;
    const first = cached.prepare(sql(0));
    const second = cached.prepare(sql(1));
    for (let i = 2; i < 256; i++) cached.prepare(sql(i));
    // Using the first again makes the second the least recently used, so it is the one dropped.
    expect(cached.prepare(sql(0))).toBe(first);
    cached.prepare(sql(256));
    expect(cached.prepare(sql(0))).toBe(first);
    expect(cached.prepare(sql(1))).not.toBe(second);
  });
});
