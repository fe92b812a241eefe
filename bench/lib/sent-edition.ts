import { type RawBuilder, sql } from 'kysely';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import type { StoreHandle } from '../../src/store/open-database.ts';
import { sampleEdition } from './fixtures.ts';

/** `with g(n) as (1..count)` in either dialect. */
export function series(store: StoreHandle, count: number): RawBuilder<unknown> {
  return store.dialect === 'postgres'
    ? sql`with g(n) as (select generate_series(1, ${count}))`
    : sql`with recursive g(n) as (select 1 union all select n + 1 from g where n < ${count})`;
}

/**
 * `count` active subscribers (reader<n>@example.com, id n) and the sample week stored as `week` and sent
 * to all of them in batches of 100, 1% failed: the ledger as a finished send leaves it, in bulk SQL.
 * Returns the edition's link map (the URLs a click can name).
 */
export async function seedSentEdition(handle: StoreHandle, count: number, week: string): Promise<string[]> {
  const db = handle.db;
  const now = new Date().toISOString();
  await sql`${series(handle, count)} insert into subscribers (email, name, status, source, created_at, updated_at)
    select 'reader' || n || '@example.com', null, 'active', 'bench', ${now}, ${now} from g`.execute(db);
  const ledger = createLedgerStore(handle, () => new Date());
  await ledger.startEdition({ ...(await sampleEdition()), week });
  const batches = Math.ceil(count / 100);
  await sql`${series(handle, batches)} insert into batches (week, batch_no, status, size, attempts, created_at, sent_at, first_subscriber_id, last_subscriber_id)
    select ${week}, n, 'sent', case when n * 100 > ${count} then ${count} - (n - 1) * 100 else 100 end, 1, ${now}, ${now},
      (n - 1) * 100 + 1, case when n * 100 > ${count} then ${count} else n * 100 end from g`.execute(db);
  await db
    .updateTable('editions')
    .set({ frozen_through: count, batch_count: batches, status: 'complete', completed_at: now })
    .where('week', '=', week)
    .execute();
  await sql`update deliveries set status = 'failed', error = 'bench' where week = ${week} and subscriber_id % 100 = 0`.execute(
    db,
  );
  const links = await db.selectFrom('edition_links').select('url').where('week', '=', week).execute();
  return links.map((row) => row.url);
}
