import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import type { Database } from '../../src/store/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const AT = '2026-11-23T09:00:00.000Z';
const WEEK = '2026-W48';

/**
 * Freezing and completing run once per batch, so a plan that walks the whole week instead of the batch's
 * rows turns a million-subscriber send quadratic. SQLite's planner has no statistics here, which is when
 * it is most tempted (an UPDATE … FROM json_each, for one, would scan the week per batch).
 */
describe('ledger statements on SQLite', () => {
  let testDb: TestDatabase;
  let raw: BetterSqlite3.Database;
  let db: Kysely<Database>;
  let logging = false;
  const logged: { sql: string; parameters: readonly unknown[] }[] = [];
  beforeEach(async () => {
    testDb = await createTestDatabase('sqlite');
    raw = new BetterSqlite3(testDb.url);
    logged.length = 0;
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (logging && event.level === 'query') logged.push(event.query);
      },
    });
    const migrated = await new Migrator({
      db: db as Kysely<unknown>,
      provider: migrationProvider('sqlite'),
    }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    for (let id = 1; id <= 300; id++) {
      await sql`insert into subscribers (id, email, status, source, created_at, updated_at)
        values (${id}, ${`r${id}@example.com`}, 'active', 'test', ${AT}, ${AT})`.execute(db);
    }
  });
  afterEach(async () => {
    await db.destroy();
    await testDb.cleanup();
  });

  it('reach deliveries through their keys when freezing and completing batches', async () => {
    const ledger = createLedgerStore({ db, dialect: 'sqlite' }, () => new Date(AT));
    await ledger.startEdition({ week: WEEK, subject: 'S', preheader: 'P', html: '<p>h</p>', text: 't' });
    await sql`update subscribers set status = 'unsubscribed' where id in (3, 150)`.execute(db);

    logging = true;
    const frozen = await ledger.freezeBatches(WEEK, {
      size: 100,
      maxBatches: 2,
      owner: 'w',
      leaseMs: 60_000,
    });
    const first = frozen[0]!;
    await ledger.completeBatch(
      WEEK,
      first.batch.batch_no,
      first.recipients.map((r) => ({
        subscriberId: r.subscriberId,
        outcome:
          r.subscriberId === 7
            ? { ok: false, error: 'invalid' }
            : { ok: true, providerId: `p-${r.subscriberId}` },
      })),
    );

    const reads = [
      await ledger.counts(WEEK),
      await ledger.failures(WEEK),
      await ledger.deliveryStatus(WEEK, 150),
      await ledger.batchRecipients(WEEK, 2),
    ];
    logging = false;

    // What the statements did: batches of active subscribers in order, outcomes on exactly their rows.
    // Two skipped among the 200 candidates leave the second batch short (the next freeze goes on from 201).
    expect(frozen.map((f) => f.recipients.length)).toEqual([100, 98]);
    expect(first.recipients.map((r) => r.subscriberId)).not.toContain(3);
    expect(frozen[1]!.recipients.at(-1)!.subscriberId).toBe(200);
    const statuses = await Promise.all([3, 7, 8, 150, 151, 201].map((id) => ledger.deliveryStatus(WEEK, id)));
    expect(statuses).toEqual(['skipped', 'failed', 'sent', 'skipped', 'batched', 'queued']);
    expect(reads[0]).toEqual({ queued: 100, batched: 98, sent: 99, failed: 1, skipped: 2, uncertain: 0 });
    expect(reads[1]).toEqual([{ email: 'r7@example.com', status: 'failed', error: 'invalid' }]);
    expect(reads[3]).toEqual(frozen[1]!.recipients);
    const ids = await sql<{
      provider_ids: string;
    }>`select provider_ids from batches where batch_no = 1`.execute(db);
    const providerIds = JSON.parse(ids.rows[0]!.provider_ids) as Record<string, string>;
    expect(Object.keys(providerIds)).toHaveLength(99);
    expect(providerIds['8']).toBe('p-8');
    expect(providerIds['7']).toBeUndefined();

    const touchingDeliveries = logged.filter((q) => /\bdeliveries\b/.test(q.sql));
    expect(touchingDeliveries.length).toBeGreaterThan(0);
    for (const query of touchingDeliveries) {
      const plan = raw.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as {
        detail: string;
      }[];
      const details = plan.map((step) => step.detail);
      // A full scan, or a search on the week alone (every row of the edition), is what must never happen.
      for (const detail of details) {
        expect(detail, query.sql).not.toMatch(/^SCAN (deliveries|d|batches|b|m)\b/);
        expect(detail, query.sql).not.toMatch(
          /USING (COVERING )?INDEX sqlite_autoindex_deliveries_1 \(week=\?\)$/,
        );
      }
    }
  });

  it('finds the batch that holds a subscriber through its range index', async () => {
    const plan = raw
      .prepare(
        `explain query plan select batch_no from batches where week = ? and first_subscriber_id <= ?
          order by first_subscriber_id desc limit 1`,
      )
      .all(WEEK, 150) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toContain('USING INDEX batches_week_range');
  });
});
