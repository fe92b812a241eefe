import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { VoteChoice } from '../votes/vote-links.ts';
import { compiledOnce, type QueryRunner } from './compiled-once.ts';
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
export function createVoteStore(db: Kysely<Database>, clock: () => Date, sqlite?: SyncSqlite | undefined) {
  const statements = voteStatements(db);
  const castNow = sqlite ? syncCast(sqlite, statements) : undefined;
  return {
    async cast(vote: CastVote): Promise<VoteOutcome> {
      const done = castNow?.(vote, clock().toISOString());
      if (done) return done;
      return db.transaction().execute(async (trx) => {
        const at = clock().toISOString();
        const { subscriberId: id, comparison, tool, choice } = vote;
        const inserted = await statements.insertVote(trx, id, comparison, tool, vote.week, choice, at);
        if (Number(inserted.numAffectedRows ?? 0) > 0) {
          await adjust(statements, trx, vote, choice === 'ship' ? [1, 0] : [0, 1]);
          return 'counted';
        }
        // One statement decides: a concurrent POST of the other choice waits on the row and then finds it
        // changed already. The vote stays counted in the edition it was first cast through.
        const changed = await statements.changeVote(trx, choice, at, id, comparison, tool, choice);
        const week = changed.rows[0]?.week;
        if (week === undefined) return 'unchanged';
        // One statement moves the vote from one choice to the other in the tally it was counted in.
        await adjust(statements, trx, { ...vote, week }, choice === 'ship' ? [1, -1] : [-1, 1]);
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

/** Adds `[ship, skip]` to a tally, creating the tally row with a first vote. */
function adjust(statements: VoteStatements, trx: QueryRunner, key: TallyKey, [ship, skip]: [number, number]) {
  const { week, comparison, tool, toolName } = key;
  return statements.adjustTally(
    trx,
    week,
    comparison,
    tool,
    toolName,
    Math.max(0, ship),
    Math.max(0, skip),
    ship,
    skip,
  );
}

// Values stand in as strings while a statement is compiled (compiled-once.ts); these say so to the types.
const num = (value: string) => value as unknown as number;
const choiceOf = (value: string) => value as VoteChoice;

type VoteStatements = ReturnType<typeof voteStatements>;

/** The vote route's write statements, compiled once per store (they run on every POST). */
function voteStatements(db: Kysely<Database>) {
  return {
    insertVote: compiledOnce(6, (id, comparison, tool, week, choice, at) =>
      db
        .insertInto('reader_votes')
        .values({
          subscriber_id: num(id),
          comparison,
          tool: num(tool),
          week,
          choice: choiceOf(choice),
          voted_at: at,
        })
        .onConflict((oc) => oc.columns(['subscriber_id', 'comparison', 'tool']).doNothing()),
    ),
    changeVote: compiledOnce<{ week: string }>(6, (choice, at, id, comparison, tool, other) =>
      db
        .updateTable('reader_votes')
        .set({ choice: choiceOf(choice), voted_at: at })
        .where('subscriber_id', '=', num(id))
        .where('comparison', '=', comparison)
        .where('tool', '=', num(tool))
        .where('choice', '<>', choiceOf(other))
        .returning('week'),
    ),
    adjustTally: compiledOnce(8, (week, comparison, tool, name, ship, skip, addShip, addSkip) =>
      db
        .insertInto('vote_tallies')
        .values({ week, comparison, tool: num(tool), tool_name: name, ship: num(ship), skip: num(skip) })
        .onConflict((oc) =>
          oc.columns(['week', 'comparison', 'tool']).doUpdateSet((eb) => ({
            ship: eb('vote_tallies.ship', '+', num(addShip)),
            skip: eb('vote_tallies.skip', '+', num(addSkip)),
          })),
        ),
    ),
  };
}

/** The SQLite file itself (better-sqlite3), for the vote route's synchronous path. */
export type SyncSqlite = Pick<BetterSqlite3.Database, 'prepare' | 'transaction' | 'inTransaction'>;

/**
 * On SQLite a vote is cast in one synchronous transaction on the file itself, with the same statements:
 * nothing else runs in between, and it costs a fraction of Kysely's asynchronous one (the vote route's
 * main cost). Undefined while Kysely has a transaction open on the file (its statements would join it):
 * the caller then takes the Kysely path.
 */
function syncCast(sqlite: SyncSqlite, statements: VoteStatements) {
  const prepared = (name: keyof VoteStatements) => {
    const statement = statements[name];
    return { run: sqlite.prepare(statement.sql()), bind: statement.parameters };
  };
  const insertVote = prepared('insertVote');
  const changeVote = prepared('changeVote');
  const adjustTally = prepared('adjustTally');
  const adjustNow = (key: TallyKey, [ship, skip]: [number, number]) =>
    adjustTally.run.run(
      ...adjustTally.bind([
        key.week,
        key.comparison,
        key.tool,
        key.toolName,
        Math.max(0, ship),
        Math.max(0, skip),
        ship,
        skip,
      ]),
    );
  const cast = sqlite.transaction((vote: CastVote, at: string): VoteOutcome => {
    const { subscriberId: id, comparison, tool, choice } = vote;
    if (insertVote.run.run(...insertVote.bind([id, comparison, tool, vote.week, choice, at])).changes > 0) {
      adjustNow(vote, choice === 'ship' ? [1, 0] : [0, 1]);
      return 'counted';
    }
    const changed = changeVote.run.get(...changeVote.bind([choice, at, id, comparison, tool, choice])) as
      | { week: string }
      | undefined;
    if (!changed) return 'unchanged';
    adjustNow({ ...vote, week: changed.week }, choice === 'ship' ? [1, -1] : [-1, 1]);
    return 'changed';
  });
  return (vote: CastVote, at: string): VoteOutcome | undefined =>
    sqlite.inTransaction ? undefined : cast(vote, at);
}
