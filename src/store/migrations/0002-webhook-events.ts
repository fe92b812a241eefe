import type { Kysely } from 'kysely';

/**
 * `delivery_events`: what the provider said happened to an email after it left (delivered, bounced,
 * complained, …), one row per webhook event. The event id is the key, which makes a redelivered webhook
 * a no-op. `week` and `subscriber_id` tie the event to the ledger when the email was a digest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delivery_events')
    .addColumn('event_id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('provider_email_id', 'text')
    .addColumn('recipient', 'text')
    .addColumn('week', 'text')
    .addColumn('subscriber_id', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('delivery_events_provider_email_id')
    .on('delivery_events')
    .column('provider_email_id')
    .execute();
  await db.schema
    .createIndex('delivery_events_recipient')
    .on('delivery_events')
    .column('recipient')
    .execute();
  // Webhooks look digest deliveries up by the provider's email id.
  await db.schema.createIndex('deliveries_provider_id').on('deliveries').column('provider_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_provider_id').execute();
  await db.schema.dropTable('delivery_events').execute();
}
