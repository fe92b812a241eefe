import type { Kysely } from 'kysely';

/**
 * What the provider says after sending, kept so it can be acted on:
 * - `subscribers.suppressed_reason`: why an address is no longer mailed (a hard bounce, a complaint, the
 *   provider's suppression list, repeated soft bounces), shown in `subscribers list` and the CSV export;
 * - `subscribers.confirm_retry_at`: a confirmation email the provider's quota refused, sent again then;
 * - `delivery_events.kind`: the event in our terms (`soft_bounced` is a transient or undetermined bounce),
 *   and a subscriber's events found by index (soft bounces are counted per person);
 * - `edition_event_counts`: per edition and kind, events and distinct subscribers, kept up to date as
 *   events arrive, so a reputation check during a send reads a few rows instead of counting events;
 *   `edition_event_firsts` remembers who was counted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('suppressed_reason', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('confirm_retry_at', 'text').execute();
  await db.schema.alterTable('delivery_events').addColumn('kind', 'text').execute();
  await db.schema
    .createIndex('delivery_events_subscriber')
    .on('delivery_events')
    .columns(['subscriber_id', 'kind'])
    .execute();
  await db.schema
    .createTable('edition_event_counts')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('events', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('subscribers', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('edition_event_counts_pk', ['week', 'kind'])
    .execute();
  await db.schema
    .createTable('edition_event_firsts')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('subscriber_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('edition_event_firsts_pk', ['week', 'kind', 'subscriber_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edition_event_firsts').execute();
  await db.schema.dropTable('edition_event_counts').execute();
  await db.schema.dropIndex('delivery_events_subscriber').execute();
  await db.schema.alterTable('delivery_events').dropColumn('kind').execute();
  await db.schema.alterTable('subscribers').dropColumn('confirm_retry_at').execute();
  await db.schema.alterTable('subscribers').dropColumn('suppressed_reason').execute();
}
