import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const AT = '2026-11-23T09:00:00.000Z';
const WEEK = '2026-W48';

/**
 * A send interrupted by an upgrade: batches frozen by the previous schema (membership by batch number
 * only) must be resumed with exactly the same members after `0004-ledger-write-lean`.
 */
describe.each(DIALECTS)('upgrading a ledger mid-send on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle | undefined;
  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await testDb.cleanup();
  });

  it('keeps the members of batches frozen before the upgrade', async () => {
    const old =
      dialect === 'sqlite'
        ? new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(testDb.url) }) })
        : new Kysely<unknown>({
            dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testDb.url }) }),
          });
    const migrator = new Migrator({ db: old, provider: migrationProvider(dialect) });
    const upTo3 = await migrator.migrateTo('0003-ledger-queue-index');
    expect(upTo3.error).toBeUndefined();
    await sql`insert into editions (week, subject, status, audience, preheader, html, text, created_at, frozen_through, batch_count)
      values (${WEEK}, 'S', 'sending', 6, 'P', '<p>h</p>', 't', ${AT}, 6, 2)`.execute(old);
    // Batch 1: subscribers 1, 2, 4 (3 was skipped when it was frozen); batch 2: 5, 6, still in flight.
    const rows: [number, string, number | null][] = [
      [1, 'batched', 1],
      [2, 'batched', 1],
      [3, 'skipped', null],
      [4, 'batched', 1],
      [5, 'batched', 2],
      [6, 'batched', 2],
    ];
    for (const [id, status, batchNo] of rows) {
      await sql`insert into deliveries (week, subscriber_id, email, status, batch_no, updated_at)
        values (${WEEK}, ${id}, ${`r${id}@example.com`}, ${status}, ${batchNo}, ${AT})`.execute(old);
    }
    for (const batchNo of [1, 2]) {
      await sql`insert into batches (week, batch_no, status, size, attempts, first_attempt_at, created_at)
        values (${WEEK}, ${batchNo}, 'frozen', ${batchNo === 1 ? 3 : 2}, 1, ${AT}, ${AT})`.execute(old);
    }
    await old.destroy();

    handle = await openDatabase(testDb.url);
    const ledger = createLedgerStore(handle, () => new Date(AT));
    expect((await ledger.batchRecipients(WEEK, 1)).map((r) => r.subscriberId)).toEqual([1, 2, 4]);
    expect((await ledger.batchRecipients(WEEK, 2)).map((r) => r.subscriberId)).toEqual([5, 6]);
    await ledger.completeBatch(
      WEEK,
      1,
      [1, 2, 4].map((id) => ({ subscriberId: id, outcome: { ok: true, providerId: `p${id}` } })),
    );
    await ledger.markBatchUncertain(WEEK, 2, 'checked by hand');
    expect(await ledger.counts(WEEK)).toMatchObject({ sent: 3, skipped: 1, uncertain: 2, batched: 0 });
    expect(await ledger.finishIfDone(WEEK)).toBe(true);
  });
});
