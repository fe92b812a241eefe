import { type Kysely, sql } from 'kysely';

/**
 * Only sent deliveries have a provider id, and webhooks look them up by it: a partial index spares the
 * audience snapshot a million NULL entries and each sent delivery the removal of its own. `provider_id = ?`
 * implies `provider_id is not null`, so both databases still use it for the lookup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_provider_id').execute();
  await db.schema
    .createIndex('deliveries_provider_id')
    .on('deliveries')
    .column('provider_id')
    .where(sql.ref('provider_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_provider_id').execute();
  await db.schema.createIndex('deliveries_provider_id').on('deliveries').column('provider_id').execute();
}
