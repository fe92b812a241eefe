import type { Kysely, Transaction } from 'kysely';
import type { VoteChoice } from '../votes/vote-links.ts';
import type { Database } from './schema.ts';

/** One reader's vote on one tool, from one edition's link. */
export interface CastVote {
  subscriberId: number;
  week: string;
  comparison: string;
  tool: 0 | 1;
  /** The tool's name as the edition showed it (kept with the tally). */
  toolName: string;
  choice: VoteChoice;
}

/** `counted`: a first vote; `changed`: the other choice replaced it; `unchanged`: it was already so. */
export type VoteOutcome = 'counted' | 'changed' | 'unchanged';

type TallyKey = Pick<CastVote, 'week' | 'comparison' | 'tool' | 'toolName'>;

/**
 * Records reader votes: one per subscriber, comparison and tool. The tally rows move in the same
 * transaction as the vote row, so counts always equal the votes cast (and stay when a person is erased).
 */
export function createVoteStore(db: Kysely<Database>, clock: () => Date) {
  return {
    async cast(vote: CastVote): Promise<VoteOutcome> {
      return db.transaction().execute(async (trx) => {
        const at = clock().toISOString();
        const inserted = await trx
          .insertInto('reader_votes')
          .values({
            subscriber_id: vote.subscriberId,
            comparison: vote.comparison,
            tool: vote.tool,
            week: vote.week,
            choice: vote.choice,
            voted_at: at,
          })
          .onConflict((oc) => oc.columns(['subscriber_id', 'comparison', 'tool']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
          await adjust(trx, vote, vote.choice, 1);
          return 'counted';
        }
        // One statement decides: a concurrent POST of the other choice waits on the row and then finds it
        // changed already. The vote stays counted in the edition it was first cast through.
        const changed = await trx
          .updateTable('reader_votes')
          .set({ choice: vote.choice, voted_at: at })
          .where('subscriber_id', '=', vote.subscriberId)
          .where('comparison', '=', vote.comparison)
          .where('tool', '=', vote.tool)
          .where('choice', '<>', vote.choice)
          .returning('week')
          .executeTakeFirst();
        if (!changed) return 'unchanged';
        const counted = { ...vote, week: changed.week };
        await adjust(trx, counted, vote.choice === 'ship' ? 'skip' : 'ship', -1);
        await adjust(trx, counted, vote.choice, 1);
        return 'changed';
      });
    },

    /** A reader's current votes (for the vote page), by comparison and tool. */
    async votesOf(subscriberId: number, comparison: string): Promise<Map<number, VoteChoice>> {
      const rows = await db
        .selectFrom('reader_votes')
        .select(['tool', 'choice'])
        .where('subscriber_id', '=', subscriberId)
        .where('comparison', '=', comparison)
        .execute();
      return new Map(rows.map((row) => [Number(row.tool), row.choice]));
    },
  };
}

export type VoteStore = ReturnType<typeof createVoteStore>;

/** Adds `delta` to one choice of a tally, creating the tally row on its first vote. */
async function adjust(trx: Transaction<Database>, key: TallyKey, choice: VoteChoice, delta: 1 | -1) {
  const first = delta > 0 ? 1 : 0;
  await trx
    .insertInto('vote_tallies')
    .values({
      week: key.week,
      comparison: key.comparison,
      tool: key.tool,
      tool_name: key.toolName,
      ship: choice === 'ship' ? first : 0,
      skip: choice === 'skip' ? first : 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['week', 'comparison', 'tool'])
        .doUpdateSet((eb) =>
          choice === 'ship'
            ? { ship: eb('vote_tallies.ship', '+', delta) }
            : { skip: eb('vote_tallies.skip', '+', delta) },
        ),
    )
    .execute();
}
