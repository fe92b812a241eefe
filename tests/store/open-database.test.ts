import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const AT = '2026-01-05T09:00:00.000Z';
/** Every migration the code has, in order: each must run exactly once. */
const allMigrations = async () => Object.keys(await migrationProvider('sqlite').getMigrations()).sort();

describe.each(DIALECTS)('openDatabase on %s', (dialect) => {
  let testDb: TestDatabase;
  const handles: StoreHandle[] = [];
  const open = async (url = testDb.url) => {
    const handle = await openDatabase(url);
    handles.push(handle);
    return handle;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await testDb.cleanup();
  });

  it('picks the dialect from the URL and creates every table', async () => {
    const { db, dialect: opened } = await open();
    expect(opened).toBe(dialect);
    const tables = (await db.introspection.getTables()).map((table) => table.name).sort();
    expect(tables).toEqual([
      'batches',
      'deliveries',
      'delivery_events',
      'edition_engagement',
      'edition_engagement_firsts',
      'edition_event_counts',
      'edition_event_firsts',
      'edition_facts',
      'edition_links',
      'edition_variants',
      'editions',
      'leases',
      'reader_votes',
      'subscribers',
      'vote_tallies',
    ]);
  });

  it('runs migrations once however often the database is opened', async () => {
    await open();
    const again = await open();
    const concurrent = await Promise.all([open(), open(), open()]);
    expect(concurrent.map((handle) => handle.dialect)).toEqual([dialect, dialect, dialect]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      again.db,
    );
    expect(applied.rows.map((row) => row.name)).toEqual(await allMigrations());
  });

  it('migrates a fresh database safely when several handles open it at once', async () => {
    const handlesAtOnce = await Promise.all([open(), open(), open()]);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(
      handlesAtOnce[0]!.db,
    );
    expect(Number(rows[0]?.n)).toBe((await allMigrations()).length);
  });

  it('returns ids as JS numbers', async () => {
    const { db } = await open();
    const row = await db
      .insertInto('subscribers')
      .values({
        email: 'a@example.com',
        name: null,
        status: 'active',
        source: 'test',
        created_at: AT,
        updated_at: AT,
        confirmed_at: AT,
        unsubscribed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(row.id).toBe(1);
  });

  it('enforces the keys: unique email, delivery and batch primary keys, known statuses', async () => {
    const { db } = await open();
    const subscriber = {
      email: 'a@example.com',
      name: null,
      status: 'active' as const,
      source: 'test',
      created_at: AT,
      updated_at: AT,
      confirmed_at: null,
      unsubscribed_at: null,
    };
    await db.insertInto('subscribers').values(subscriber).execute();
    await expect(db.insertInto('subscribers').values(subscriber).execute()).rejects.toThrow();

    const delivery = {
      week: '2026-W02',
      subscriber_id: 1,
      email: 'a@example.com',
      status: 'queued' as const,
      error: null,
      updated_at: AT,
    };
    await db.insertInto('deliveries').values(delivery).execute();
    await expect(db.insertInto('deliveries').values(delivery).execute()).rejects.toThrow();
    await expect(
      db
        .insertInto('deliveries')
        .values({ ...delivery, subscriber_id: 2, status: 'lost' as 'sent' })
        .execute(),
    ).rejects.toThrow();

    const batch = {
      week: '2026-W02',
      batch_no: 1,
      status: 'frozen' as const,
      size: 1,
      attempts: 0,
      first_attempt_at: null,
      last_error: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: AT,
      sent_at: null,
    };
    await db.insertInto('batches').values(batch).execute();
    await expect(db.insertInto('batches').values(batch).execute()).rejects.toThrow();
  });

  it('wraps a bad URL in an error naming DATABASE_URL', async () => {
    await expect(openDatabase('mysql://user:secret@localhost/db')).rejects.toThrow(
      'DATABASE_URL mysql://user:***@localhost/db: unsupported scheme "mysql"',
    );
    await expect(openDatabase('')).rejects.toThrow(/^DATABASE_URL is empty/);
  });
});

describe('openDatabase on sqlite', () => {
  let testDb: TestDatabase;
  beforeEach(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterEach(() => testDb.cleanup());

  it('accepts a file: URL, creates parent folders and sets WAL, busy_timeout and foreign keys', async () => {
    const path = join(dirname(testDb.url), 'nested', 'deeper', 'store.db');
    const handle = await openDatabase(`file:${path}`);
    try {
      const pragma = async (name: string) =>
        Object.values(
          (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db)).rows[0] ?? {},
        )[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it('opens :memory:', async () => {
    const handle = await openDatabase(':memory:');
    expect(await handle.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    await handle.close();
  });

  it('names DATABASE_URL and the cause when the file cannot be opened', async () => {
    const blocker = join(dirname(testDb.url), 'not-a-folder');
    await mkdir(dirname(blocker), { recursive: true });
    await writeFile(blocker, 'x');
    await expect(openDatabase(join(blocker, 'store.db'))).rejects.toThrow(
      new RegExp(`^DATABASE_URL ${blocker}/store.db: EEXIST`),
    );
  });
});

describe('openDatabase on postgres', () => {
  it('names DATABASE_URL, masks the password and gives the cause when the server is unreachable', async () => {
    const error = await openDatabase('postgres://postgres:hunter2@127.0.0.1:1/nowhere').catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^DATABASE_URL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reports a database that does not exist', async () => {
    await expect(openDatabase('postgres://postgres@127.0.0.1:5432/wv_missing_database')).rejects.toThrow(
      /^DATABASE_URL .*: database "wv_missing_database" does not exist/,
    );
  });
});
