import type { Kysely } from 'kysely';

/**
 * Readers choose (issue #15): the topics a subscriber follows (`topics`: comma-separated topic ids, null
 * for everything) and a pause (`paused_until`, an ISO instant). A week's digest differs by reader: the
 * edition keeps what it was built from (`source`, JSON) so every variant is rendered from the same facts,
 * `edition_variants` holds each distinct variant once, and a batch row names its members' variants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('topics', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('paused_until', 'text').execute();
  await db.schema.alterTable('editions').addColumn('source', 'text').execute();
  await db.schema.alterTable('batches').addColumn('segments', 'text').execute();
  await db.schema
    .createTable('edition_variants')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('segment', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('preheader', 'text', (col) => col.notNull())
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('edition_variants_pk', ['week', 'segment'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edition_variants').execute();
  await db.schema.alterTable('batches').dropColumn('segments').execute();
  await db.schema.alterTable('editions').dropColumn('source').execute();
  await db.schema.alterTable('subscribers').dropColumn('paused_until').execute();
  await db.schema.alterTable('subscribers').dropColumn('topics').execute();
}
