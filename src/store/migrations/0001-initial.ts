import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { BATCH_STATUSES, DELIVERY_STATUSES, SUBSCRIBER_STATUSES } from '../schema.ts';

/**
 * The tables of schema.ts. Timestamps are ISO 8601 UTC `text` in both dialects; ids are 32-bit
 * (`integer` / `serial`) so pg hands them back as JS numbers rather than int8 strings.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('subscribers')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (col) =>
      dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', SUBSCRIBER_STATUSES)))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .execute();
  // The audience snapshot and the admin list both read "active, by id".
  await db.schema.createIndex('subscribers_status_id').on('subscribers').columns(['status', 'id']).execute();

  await db.schema
    .createTable('editions')
    .addColumn('week', 'text', (col) => col.primaryKey())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', ['sending', 'complete'])))
    .addColumn('audience', 'integer', (col) => col.notNull())
    .addColumn('preheader', 'text', (col) => col.notNull())
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'text')
    .execute();

  // No foreign key to subscribers: the ledger is a snapshot and must outlive a removed subscriber, or a
  // frozen batch could change membership.
  await db.schema
    .createTable('deliveries')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('subscriber_id', 'integer', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', DELIVERY_STATUSES)))
    .addColumn('batch_no', 'integer')
    .addColumn('provider_id', 'text')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['week', 'subscriber_id'])
    .execute();
  await db.schema
    .createIndex('deliveries_week_status')
    .on('deliveries')
    .columns(['week', 'status'])
    .execute();
  await db.schema
    .createIndex('deliveries_week_batch')
    .on('deliveries')
    .columns(['week', 'batch_no'])
    .execute();

  await db.schema
    .createTable('batches')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('batch_no', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', BATCH_STATUSES)))
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('first_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addPrimaryKeyConstraint('batches_pk', ['week', 'batch_no'])
    .execute();
  await db.schema.createIndex('batches_week_status').on('batches').columns(['week', 'status']).execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['leases', 'batches', 'deliveries', 'editions', 'subscribers']) {
    await db.schema.dropTable(table).execute();
  }
}

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}
