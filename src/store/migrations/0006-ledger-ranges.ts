import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from '../dialect.ts';

/**
 * A batch speaks for its members. Freezing a batch used to rewrite each member's row (`batched`, its
 * number) and completing it rewrote them again (`sent`, the provider id): two writes per delivery, which
 * made a million-subscriber send on PostgreSQL take minutes. Now a batch is a subscriber range of the
 * snapshot (its skipped rows excluded), a member's row keeps `queued` while the batch's status speaks for
 * it, and only exceptions are written per row. Provider ids move to the batch row, as one JSON object
 * written with the batch's outcome.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('batches').addColumn('provider_ids', 'text').execute();
  const object =
    dialect === 'postgres'
      ? sql`json_object_agg(d.subscriber_id, d.provider_id)::text`
      : sql`json_group_object(d.subscriber_id, d.provider_id)`;
  await sql`update batches set provider_ids = (select ${object} from deliveries d
    where d.week = batches.week and d.subscriber_id >= batches.first_subscriber_id
      and d.subscriber_id <= batches.last_subscriber_id and d.provider_id is not null)`.execute(db);
  // Members whose batch now speaks for them: in flight (frozen), sent, or uncertain. A row settled by a
  // webhook inside an uncertain batch keeps its own `sent`.
  await sql`update deliveries set status = 'queued'
    where status in ('batched', 'sent', 'uncertain') and exists (select 1 from batches b
      where b.week = deliveries.week and b.batch_no = deliveries.batch_no
      and b.status = case deliveries.status when 'batched' then 'frozen' else deliveries.status end)`.execute(
    db,
  );
  await db.schema.dropIndex('deliveries_provider_id').execute();
  await db.schema.dropIndex('deliveries_problems').execute();
  await db.schema.alterTable('deliveries').dropColumn('provider_id').execute();
  await db.schema.alterTable('deliveries').dropColumn('batch_no').execute();
  // The few rows with an outcome of their own (skipped, failed, settled): counts and reports read them here.
  await db.schema
    .createIndex('deliveries_outcomes')
    .on('deliveries')
    .columns(['week', 'subscriber_id'])
    .where(sql.ref('status'), '<>', sql.lit('queued'))
    .execute();
  // Which batch holds a subscriber: the last one starting at or before them.
  await db.schema
    .createIndex('batches_week_range')
    .on('batches')
    .columns(['week', 'first_subscriber_id'])
    .execute();
}

export async function down(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('batches_week_range').execute();
  await db.schema.dropIndex('deliveries_outcomes').execute();
  await db.schema.alterTable('deliveries').addColumn('batch_no', 'integer').execute();
  await db.schema.alterTable('deliveries').addColumn('provider_id', 'text').execute();
  await sql`update deliveries set batch_no = (select b.batch_no from batches b where b.week = deliveries.week
      and deliveries.subscriber_id between b.first_subscriber_id and b.last_subscriber_id)
    where status <> 'skipped'`.execute(db);
  await sql`update deliveries set status = 'batched' where status = 'queued' and batch_no is not null
    and exists (select 1 from batches b where b.week = deliveries.week and b.batch_no = deliveries.batch_no
      and b.status = 'frozen')`.execute(db);
  await sql`update deliveries set status = (select case b.status when 'sent' then 'sent' else 'uncertain' end
      from batches b where b.week = deliveries.week and b.batch_no = deliveries.batch_no)
    where status = 'queued' and batch_no is not null`.execute(db);
  const idOf =
    dialect === 'postgres'
      ? sql`(b.provider_ids::json ->> deliveries.subscriber_id::text)`
      : sql`json_extract(b.provider_ids, '$.' || deliveries.subscriber_id)`;
  await sql`update deliveries set provider_id = (select ${idOf} from batches b
    where b.week = deliveries.week and b.batch_no = deliveries.batch_no)`.execute(db);
  await db.schema
    .createIndex('deliveries_problems')
    .on('deliveries')
    .columns(['week', 'subscriber_id'])
    .where(sql.ref('status'), 'in', [sql.lit('failed'), sql.lit('uncertain')])
    .execute();
  await db.schema
    .createIndex('deliveries_provider_id')
    .on('deliveries')
    .column('provider_id')
    .where(sql.ref('provider_id'), 'is not', null)
    .execute();
  await db.schema.alterTable('batches').dropColumn('provider_ids').execute();
}
