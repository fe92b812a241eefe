import type { Kysely } from 'kysely';

/**
 * `edition_facts`: what each tool was shown with in a sent edition (entry price, panel ship %, community
 * vote, in which comparison), written once in the transaction that starts the edition's first send. It is
 * the send history a later digest compares against ("Entry: $15/mo → $20/mo since 2026-W48"). `tool_key`
 * is the name without case and surrounding spaces; looking tools up by it is the only read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('edition_facts')
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('comparison', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('tool', 'text', (col) => col.notNull())
    .addColumn('tool_key', 'text', (col) => col.notNull())
    .addColumn('entry', 'text', (col) => col.notNull())
    .addColumn('panel_ship', 'integer')
    // A vote may be fractional (62.5); both databases keep a double exactly as written.
    .addColumn('community', 'double precision')
    .addPrimaryKeyConstraint('edition_facts_pk', ['week', 'position'])
    .execute();
  await db.schema.createIndex('edition_facts_tool_key').on('edition_facts').column('tool_key').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edition_facts').execute();
}
