import type { Kysely } from 'kysely';

/**
 * Freezing a batch reads "the next queued deliveries of this week, by subscriber". An index in that
 * order, and the edition remembering how far freezing has got (`frozen_through`) and how many batches it
 * has (`batch_count`), let each freeze start exactly where the last one stopped, instead of skipping
 * every row already frozen: quadratic over a million-subscriber week otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_week_status_subscriber')
    .on('deliveries')
    .columns(['week', 'status', 'subscriber_id'])
    .execute();
  await db.schema.dropIndex('deliveries_week_status').execute();
  await db.schema
    .alterTable('editions')
    .addColumn('frozen_through', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('editions')
    .addColumn('batch_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('editions').dropColumn('batch_count').execute();
  await db.schema.alterTable('editions').dropColumn('frozen_through').execute();
  await db.schema
    .createIndex('deliveries_week_status')
    .on('deliveries')
    .columns(['week', 'status'])
    .execute();
  await db.schema.dropIndex('deliveries_week_status_subscriber').execute();
}
