import type { Kysely } from 'kysely';

/**
 * What readers did with each edition (#14):
 * - `delivery_events.link`: the link a click event names (`data.click.link`), as the provider sent it;
 * - `edition_links`: every link of an edition that belongs to a comparison (its page, a tool's site or
 *   logo), normalized, with the comparison and tool; written when the edition starts, so the figures
 *   never need the content files again;
 * - `edition_engagement`: per edition, counters kept as events arrive (clicks per link, comparison and
 *   tool; unsubscribes), each with how many events and how many distinct people;
 * - `edition_engagement_firsts`: who has been counted, keyed person-first so forgetting one person
 *   deletes a key range while the counters stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('delivery_events').addColumn('link', 'text').execute();
  await db.schema
    .createTable('edition_links')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('comparison', 'text', (col) => col.notNull())
    .addColumn('tool', 'text')
    .addPrimaryKeyConstraint('edition_links_pk', ['week', 'url'])
    .execute();
  await db.schema
    .createTable('edition_engagement')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('events', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('people', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('edition_engagement_pk', ['week', 'kind', 'target'])
    .execute();
  await db.schema
    .createTable('edition_engagement_firsts')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('subscriber_id', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('edition_engagement_firsts_pk', ['week', 'subscriber_id', 'kind', 'target'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edition_engagement_firsts').execute();
  await db.schema.dropTable('edition_engagement').execute();
  await db.schema.dropTable('edition_links').execute();
  await db.schema.alterTable('delivery_events').dropColumn('link').execute();
}
