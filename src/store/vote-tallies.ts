import type { Kysely } from 'kysely';
import type { ComparisonTally, ToolTally } from '../votes/tally.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './schema.ts';

export type { ComparisonTally, ToolTally };

interface FactRow {
  week: string;
  position: number;
  comparison: string;
  title: string;
  tool: string;
}

interface CountRow {
  comparison: string;
  tool: number;
  ship: number;
  skip: number;
}

/**
 * Reads the vote tallies, always shaped by what editions showed (edition_facts): a comparison with no
 * votes yet counts zeros, and names and titles are those of the latest edition that showed it.
 */
export function createTallyReader(db: Kysely<Database>) {
  const facts = () =>
    db.selectFrom('edition_facts').select(['week', 'position', 'comparison', 'title', 'tool']);
  const counts = () =>
    db
      .selectFrom('vote_tallies')
      .select((eb) => [
        'comparison',
        'tool',
        eb.fn.sum<number>('ship').as('ship'),
        eb.fn.sum<number>('skip').as('skip'),
      ])
      .groupBy(['comparison', 'tool']);

  // The vote page asks this on every POST: compiled once (compiled-once.ts).
  const countsOf = compiledOnce<CountRow>(1, (slug) => counts().where('comparison', '=', slug));

  return {
    /** One edition's comparisons, in digest order, with the votes its links cast; undefined without it. */
    async week(week: string): Promise<ComparisonTally[] | undefined> {
      const shown = await facts().where('week', '=', week).orderBy('position').execute();
      if (shown.length === 0) return undefined;
      return shape(shown, await counts().where('week', '=', week).execute());
    },

    /** Every comparison any edition showed, by slug, with its votes across all editions. */
    async all(): Promise<ComparisonTally[]> {
      const shown = await facts().orderBy('week').orderBy('position').execute();
      return shape(shown, await counts().execute()).sort((a, b) => a.slug.localeCompare(b.slug));
    },

    /** One comparison's votes across all editions, per tool (0 and 1), for tools named by the caller. */
    async counts(slug: string, names: readonly [string, string]): Promise<[ToolTally, ToolTally]> {
      const { rows } = await countsOf(db, slug);
      const of = (tool: number): ToolTally => {
        const row = rows.find((r) => Number(r.tool) === tool);
        return { name: names[tool]!, ship: Number(row?.ship ?? 0), skip: Number(row?.skip ?? 0) };
      };
      return [of(0), of(1)];
    },

    /** One comparison's votes across all editions; undefined when no edition showed it. */
    async comparison(slug: string): Promise<ComparisonTally | undefined> {
      const shown = await facts()
        .where('comparison', '=', slug)
        .orderBy('week')
        .orderBy('position')
        .execute();
      return shape(shown, await counts().where('comparison', '=', slug).execute())[0];
    },

    /**
     * What readers said about the comparisons of the last edition before `week`, counting votes cast
     * through editions before it: the input of the next digest's "Readers voted" section.
     */
    async before(week: string): Promise<ComparisonTally[]> {
      const last = await db
        .selectFrom('edition_facts')
        .select((eb) => eb.fn.max('week').as('week'))
        .where('week', '<', week)
        .executeTakeFirst();
      if (!last?.week) return [];
      const shown = await facts().where('week', '=', last.week).orderBy('position').execute();
      return shape(shown, await counts().where('week', '<', week).execute());
    },
  };
}

export type TallyReader = ReturnType<typeof createTallyReader>;

/** Comparisons in the order first shown, named as last shown, with their counts (zeros when none). */
function shape(shown: FactRow[], rows: CountRow[]): ComparisonTally[] {
  const count = new Map(rows.map((row) => [`${row.comparison}/${Number(row.tool)}`, row]));
  const bySlug = new Map<string, ComparisonTally>();
  for (const fact of shown) {
    const side = Number(fact.position) % 2;
    const counted = count.get(`${fact.comparison}/${side}`);
    const tally = { name: fact.tool, ship: Number(counted?.ship ?? 0), skip: Number(counted?.skip ?? 0) };
    const entry = bySlug.get(fact.comparison) ?? {
      slug: fact.comparison,
      title: fact.title,
      tools: [tally, { ...tally }] as [ToolTally, ToolTally],
    };
    entry.title = fact.title;
    entry.tools[side] = tally;
    bySlug.set(fact.comparison, entry);
  }
  return [...bySlug.values()];
}
