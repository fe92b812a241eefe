import type { Kysely, Transaction } from 'kysely';
import { toolKey } from '../content/derive.ts';
import type { SendHistory, ToolAppearance } from '../edition/send-history.ts';
import type { ShownFacts } from '../render/shown-facts.ts';
import type { Database } from './schema.ts';
import { createTallyReader } from './vote-tallies.ts';

/**
 * Stores what each tool of an edition was shown with. Called only inside the transaction that creates the
 * edition, so a week's facts are written once, together with the edition, or not at all.
 */
export async function insertEditionFacts(
  trx: Transaction<Database>,
  week: string,
  facts: readonly ShownFacts[],
): Promise<void> {
  if (facts.length === 0) return;
  await trx
    .insertInto('edition_facts')
    .values(
      facts.map((fact) => ({
        week,
        position: fact.position,
        comparison: fact.comparison,
        title: fact.title,
        tool: fact.tool,
        tool_key: toolKey(fact.tool),
        entry: fact.entry,
        panel_ship: fact.panelShip,
        community: fact.community,
      })),
    )
    .execute();
}

/** The send history from the database: editions whose first send started, and the facts they showed. */
export function createSendHistory(db: Kysely<Database>): SendHistory {
  return {
    async appearances(keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('edition_facts as f')
        .innerJoin('editions as e', 'e.week', 'f.week')
        .select([
          'f.week',
          'f.position',
          'f.comparison',
          'f.title',
          'f.tool',
          'f.tool_key',
          'f.entry',
          'f.panel_ship',
          'f.community',
          'e.created_at',
        ])
        .where('f.tool_key', 'in', [...keys])
        .execute();
      return rows.map(
        (row): ToolAppearance => ({
          week: row.week,
          sentAt: row.created_at,
          position: Number(row.position),
          comparison: row.comparison,
          title: row.title,
          tool: row.tool,
          key: row.tool_key,
          entry: row.entry,
          panelShip: row.panel_ship === null ? null : Number(row.panel_ship),
          community: row.community === null ? null : Number(row.community),
        }),
      );
    },

    async sentAt(week) {
      const row = await db
        .selectFrom('editions')
        .select('created_at')
        .where('week', '=', week)
        .executeTakeFirst();
      return row?.created_at;
    },

    readerVotes: (week) => createTallyReader(db).before(week),
  };
}
