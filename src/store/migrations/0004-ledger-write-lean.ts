import { type Kysely, sql } from 'kysely';

/**
 * Fewer index pages written per delivery. Each delivery changes twice during a send (frozen into a batch,
 * then sent), and every index on a changing column is rewritten with it:
 * - (week, status, subscriber): freezing reads the rows after `frozen_through` by primary key, whether an
 *   edition is finished is answered from `frozen_through` and the batches table, and counting by status
 *   is a once-per-run scan. Only the rare rows the closing report lists (failed, uncertain) keep a
 *   partial index that sent rows never enter.
 * - (week, batch_no): a batch now records its lowest and highest subscriber, so its members are found
 *   through the primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('batches').addColumn('first_subscriber_id', 'integer').execute();
  await db.schema.alterTable('batches').addColumn('last_subscriber_id', 'integer').execute();
  await sql`update batches set
      first_subscriber_id = (select min(d.subscriber_id) from deliveries d
        where d.week = batches.week and d.batch_no = batches.batch_no),
      last_subscriber_id = (select max(d.subscriber_id) from deliveries d
        where d.week = batches.week and d.batch_no = batches.batch_no)`.execute(db);
  await db.schema.dropIndex('deliveries_week_batch').execute();
  await db.schema.dropIndex('deliveries_week_status_subscriber').execute();
  await db.schema
    .createIndex('deliveries_problems')
    .on('deliveries')
    .columns(['week', 'subscriber_id'])
    .where(sql.ref('status'), 'in', [sql.lit('failed'), sql.lit('uncertain')])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_problems').execute();
  await db.schema
    .createIndex('deliveries_week_status_subscriber')
    .on('deliveries')
    .columns(['week', 'status', 'subscriber_id'])
    .execute();
  await db.schema
    .createIndex('deliveries_week_batch')
    .on('deliveries')
    .columns(['week', 'batch_no'])
    .execute();
  await db.schema.alterTable('batches').dropColumn('last_subscriber_id').execute();
  await db.schema.alterTable('batches').dropColumn('first_subscriber_id').execute();
}
