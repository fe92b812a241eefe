import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';

const STATEMENTS_KEPT = 256;

/**
 * better-sqlite3 behind Kysely, reusing prepared statements. Kysely prepares every query it runs, and
 * preparing costs more than running the small statements a signup or a batch makes (a sixth of a signup's
 * CPU). Statements are keyed by their SQL text (values are bound, not part of it), the least recently used
 * are dropped past 256, and one still being iterated is never handed out twice.
 */
export function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: STATEMENTS_KEPT });
  return {
    close: () => database.close(),
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept && !kept.busy) return kept;
      const statement = database.prepare(sql);
      // A busy one stays cached for the next caller; this caller gets its own, used once.
      if (!kept) statements.set(sql, statement);
      return statement;
    },
  };
}
