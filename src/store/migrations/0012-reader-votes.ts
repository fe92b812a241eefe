import type { Kysely } from 'kysely';

/**
 * Vote from the inbox (issue #16). `reader_votes` holds one row per subscriber, comparison and tool (the
 * current choice, and the edition whose link cast it); `vote_tallies` holds the counts per edition,
 * comparison and tool, kept in step with it in the same transaction. Forgetting a person deletes their
 * rows in `reader_votes`; the tallies stay, so published figures do not move.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reader_votes')
    .addColumn('subscriber_id', 'integer', (col) => col.notNull())
    .addColumn('comparison', 'text', (col) => col.notNull())
    .addColumn('tool', 'integer', (col) => col.notNull())
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('choice', 'text', (col) => col.notNull())
    .addColumn('voted_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('reader_votes_pk', ['subscriber_id', 'comparison', 'tool'])
    .execute();
  await db.schema
    .createTable('vote_tallies')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('comparison', 'text', (col) => col.notNull())
    .addColumn('tool', 'integer', (col) => col.notNull())
    .addColumn('tool_name', 'text', (col) => col.notNull())
    .addColumn('ship', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skip', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('vote_tallies_pk', ['week', 'comparison', 'tool'])
    .execute();
  await db.schema.createIndex('vote_tallies_comparison').on('vote_tallies').column('comparison').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vote_tallies').execute();
  await db.schema.dropTable('reader_votes').execute();
}
