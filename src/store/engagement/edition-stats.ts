import type { Kysely } from 'kysely';
import { editionEventCounts } from '../event-counts.ts';
import { createLedgerStore, type LedgerDatabase } from '../ledger/ledger-store.ts';
import type { Database } from '../schema.ts';
import { toolTarget } from './engagement-counts.ts';

export interface ToolFigures {
  name: string;
  /** Distinct readers who clicked the tool's site or logo. */
  clicked: number;
}

export interface ComparisonFigures {
  slug: string;
  title: string;
  /** Distinct readers who clicked any link of the comparison. */
  clicked: number;
  tools: ToolFigures[];
}

export interface LinkFigures {
  url: string;
  /** Every click, repeats included. */
  clicks: number;
  /** Distinct readers who clicked it. */
  clickers: number;
}

/**
 * What readers did with one edition. `sent` is the ledger's (the provider accepted the email); every
 * other figure counts distinct readers from the provider's events. `bounced` is hard and soft bounces.
 */
export interface EditionFigures {
  week: string;
  subject: string;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
  opened: number;
  clicked: number;
  failed: number;
  suppressed: number;
  /** Comparisons ranked by readers who clicked (then in digest order). */
  comparisons: ComparisonFigures[];
  /** Links by clicks; only with the detail of one edition. */
  links?: LinkFigures[];
}

const people = (counts: Record<string, { subscribers: number } | undefined>, kind: string) =>
  counts[kind]?.subscribers ?? 0;

/**
 * One edition's figures from counters kept as events arrived (a few dozen rows however large the
 * edition), or undefined when the week has not been sent.
 */
export async function editionFigures(
  store: LedgerDatabase,
  week: string,
  options: { links: boolean },
): Promise<EditionFigures | undefined> {
  const { db } = store;
  const ledger = createLedgerStore(store, () => new Date());
  const edition = await ledger.getEdition(week);
  if (!edition) return undefined;
  const counts = await editionEventCounts(db, week);
  const engagement = await db
    .selectFrom('edition_engagement')
    .select(['kind', 'target', 'events', 'people'])
    .where('week', '=', week)
    .execute();
  const peopleOf = (kind: string, target: string) =>
    Number(engagement.find((row) => row.kind === kind && row.target === target)?.people ?? 0);
  const figures: EditionFigures = {
    week,
    subject: edition.subject,
    sent: (await ledger.counts(week)).sent,
    delivered: people(counts, 'delivered'),
    bounced: people(counts, 'bounced') + people(counts, 'soft_bounced'),
    complained: people(counts, 'complained'),
    unsubscribed: peopleOf('unsubscribed', ''),
    opened: people(counts, 'opened'),
    clicked: people(counts, 'clicked'),
    failed: people(counts, 'failed'),
    suppressed: people(counts, 'suppressed'),
    comparisons: await comparisonFigures(db, week, peopleOf),
  };
  if (options.links) {
    figures.links = engagement
      .filter((row) => row.kind === 'link')
      .map((row) => ({ url: row.target, clicks: Number(row.events), clickers: Number(row.people) }))
      .sort((a, b) => b.clicks - a.clicks || b.clickers - a.clickers || (a.url < b.url ? -1 : 1));
  }
  return figures;
}

/** The edition's comparisons and tools as it showed them (edition_facts), with readers who clicked. */
async function comparisonFigures(
  db: Kysely<Database>,
  week: string,
  peopleOf: (kind: string, target: string) => number,
): Promise<ComparisonFigures[]> {
  const facts = await db
    .selectFrom('edition_facts')
    .select(['comparison', 'title', 'tool'])
    .where('week', '=', week)
    .orderBy('position')
    .execute();
  const bySlug = new Map<string, ComparisonFigures>();
  for (const fact of facts) {
    let comparison = bySlug.get(fact.comparison);
    if (!comparison) {
      comparison = {
        slug: fact.comparison,
        title: fact.title,
        clicked: peopleOf('comparison', fact.comparison),
        tools: [],
      };
      bySlug.set(fact.comparison, comparison);
    }
    comparison.tools.push({
      name: fact.tool,
      clicked: peopleOf('tool', toolTarget(fact.comparison, fact.tool)),
    });
  }
  // A stable sort keeps digest order among equals.
  return [...bySlug.values()].sort((a, b) => b.clicked - a.clicked);
}

/** The figures of the last `limit` editions, newest first, without their links. */
export async function recentEditionFigures(store: LedgerDatabase, limit: number): Promise<EditionFigures[]> {
  const editions = await store.db
    .selectFrom('editions')
    .select('week')
    .orderBy('week', 'desc')
    .limit(limit)
    .execute();
  const figures: EditionFigures[] = [];
  for (const { week } of editions) {
    const one = await editionFigures(store, week, { links: false });
    if (one) figures.push(one);
  }
  return figures;
}
