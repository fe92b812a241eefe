import type { Kysely } from 'kysely';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './schema.ts';

/** One comparison as an edition showed it, for the vote page. */
export interface BallotComparison {
  /** Its place in the whole week's digest. */
  position: number;
  slug: string;
  title: string;
  tools: [string, string];
}

/** What one reader can vote on from one edition: the comparisons their email held. */
export interface Ballot {
  week: string;
  /** When the edition's first send started (ISO): voting closes VOTE_WEEKS weeks later. */
  sentAt: string;
  comparisons: BallotComparison[];
}

interface EditionShown {
  sentAt: string;
  comparisons: BallotComparison[];
}

const CACHED_EDITIONS = 32;

/**
 * Reads ballots. A reader's ballot is the variant they were sent: their delivery must exist and not be
 * skipped or failed, its batch frozen, and the batch's segments name the comparisons they got (none named:
 * the whole week). What an edition showed never changes once written, so it is cached per week.
 */
export function createBallotReader(db: Kysely<Database>) {
  const editions = new Map<string, Promise<EditionShown | undefined>>();

  function editionShown(week: string): Promise<EditionShown | undefined> {
    let found = editions.get(week);
    if (!found) {
      found = readEdition(db, week);
      // Only a complete answer is kept: an edition not yet started may start later.
      void found.then((value) => {
        if (!value) editions.delete(week);
      });
      if (editions.size >= CACHED_EDITIONS) editions.delete(editions.keys().next().value!);
      editions.set(week, found);
    }
    return found;
  }

  // Every POST asks this: compiled once (compiled-once.ts).
  const deliveryOf = compiledOnce<{ status: string }>(2, (week, id) =>
    db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .select('d.status')
      .where('d.week', '=', week)
      .where('d.subscriber_id', '=', id as unknown as number),
  );

  // A frozen batch never changes its range or its members' variants, and later batches start after it:
  // the batches of a week are read once, and again only for a reader past the last one read.
  const batches = new Map<string, FrozenBatch[]>();

  async function batchOf(week: string, subscriberId: number): Promise<FrozenBatch | undefined> {
    const find = (list: FrozenBatch[] | undefined) =>
      list?.find((batch) => batch.first <= subscriberId && subscriberId <= batch.last);
    const found = find(batches.get(week));
    if (found) return found;
    const fresh = await readBatches(db, week);
    if (batches.size >= CACHED_EDITIONS) batches.delete(batches.keys().next().value!);
    batches.set(week, fresh);
    return find(fresh);
  }

  return {
    editionShown,

    async ballot(subscriberId: number, week: string): Promise<Ballot | undefined> {
      const delivery = (await deliveryOf(db, week, subscriberId)).rows[0];
      if (!delivery || delivery.status === 'skipped' || delivery.status === 'failed') return undefined;
      const batch = await batchOf(week, subscriberId);
      if (!batch) return undefined;
      const shown = await editionShown(week);
      if (!shown) return undefined;
      const segment = batch.segments?.[String(subscriberId)];
      if (segment === undefined) return { week, ...shown };
      const positions = new Set(segment.split(',').map(Number));
      return {
        week,
        sentAt: shown.sentAt,
        comparisons: shown.comparisons.filter((c) => positions.has(c.position)),
      };
    },
  };
}

export type BallotReader = ReturnType<typeof createBallotReader>;

interface FrozenBatch {
  first: number;
  last: number;
  /** Members who got a variant, by subscriber id; null when all got the whole week. */
  segments: Record<string, string> | null;
}

async function readBatches(db: Kysely<Database>, week: string): Promise<FrozenBatch[]> {
  const rows = await db
    .selectFrom('batches')
    .select(['first_subscriber_id', 'last_subscriber_id', 'segments'])
    .where('week', '=', week)
    .where('first_subscriber_id', 'is not', null)
    .execute();
  return rows.map((row) => ({
    first: Number(row.first_subscriber_id),
    last: Number(row.last_subscriber_id),
    segments: row.segments ? (JSON.parse(row.segments) as Record<string, string>) : null,
  }));
}

async function readEdition(db: Kysely<Database>, week: string): Promise<EditionShown | undefined> {
  const edition = await db
    .selectFrom('editions')
    .select('created_at')
    .where('week', '=', week)
    .executeTakeFirst();
  if (!edition) return undefined;
  const facts = await db
    .selectFrom('edition_facts')
    .select(['position', 'comparison', 'title', 'tool'])
    .where('week', '=', week)
    .orderBy('position')
    .execute();
  const comparisons: BallotComparison[] = [];
  for (const fact of facts) {
    const position = Math.floor(Number(fact.position) / 2);
    const last = comparisons.at(-1);
    if (last?.position === position) last.tools[1] = fact.tool;
    else
      comparisons.push({ position, slug: fact.comparison, title: fact.title, tools: [fact.tool, fact.tool] });
  }
  return { sentAt: edition.created_at, comparisons };
}
