import type { Ballot, BallotComparison, BallotReader } from '../store/vote-ballot.ts';
import type { VoteOutcome, VoteStore } from '../store/vote-store.ts';
import { verifyVoteToken } from '../subscribers/tokens.ts';
import { weekOfEdition } from './edition-number.ts';
import { VOTE_CHOICES, type VoteChoice } from './vote-links.ts';

const WEEK_MS = 7 * 24 * 60 * 60_000;
const MAX_SLUG = 200;

/** The query of a vote link: `c` (comparison slug), `t` (tool 0 or 1), `v` (ship or skip), `token`. */
export interface VoteQuery {
  c?: string | undefined;
  t?: string | undefined;
  v?: string | undefined;
  token?: string | undefined;
}

export interface VoteLinkDeps {
  ballots: Pick<BallotReader, 'ballot'>;
  secret: string;
  clock: () => Date;
  /** Weeks after an edition's first send that its links still count (VOTE_WEEKS). */
  voteWeeks: number;
}

/** A vote link someone may use: who, from which edition, on what. */
export interface OpenVote {
  subscriberId: number;
  week: string;
  comparison: BallotComparison;
  tool: 0 | 1;
  choice: VoteChoice;
}

/**
 * What a vote link is. `malformed`: the comparison, tool or choice is not one a link can hold;
 * `invalid`: the token was not sealed by us for a vote (forged, changed, or a copy's inert one);
 * `not-in-edition`: the reader's email held no such comparison (or they are gone); `closed`: too late.
 */
export type VoteLink =
  | { kind: 'malformed' }
  | { kind: 'invalid' }
  | { kind: 'not-in-edition' }
  | { kind: 'closed'; week: string; comparison: BallotComparison; tool: 0 | 1 }
  | ({ kind: 'open' } & OpenVote);

/** Reads a vote link without changing anything: what GET shows and what POST acts on. */
export async function readVoteLink(deps: VoteLinkDeps, query: VoteQuery): Promise<VoteLink> {
  const { c: slug, t, v } = query;
  const tool = t === '0' ? 0 : t === '1' ? 1 : undefined;
  const choice = VOTE_CHOICES.find((known) => known === v);
  if (!slug || slug.length > MAX_SLUG || tool === undefined || !choice) return { kind: 'malformed' };
  const sealed = query.token ? verifyVoteToken(deps.secret, query.token) : undefined;
  const week = sealed ? weekOfEdition(sealed.edition) : undefined;
  if (!sealed || !week) return { kind: 'invalid' };
  const ballot = await deps.ballots.ballot(sealed.subscriberId, week);
  const comparison = ballot?.comparisons.find((candidate) => candidate.slug === slug);
  if (!ballot || !comparison) return { kind: 'not-in-edition' };
  if (isClosed(ballot, deps.voteWeeks, deps.clock())) return { kind: 'closed', week, comparison, tool };
  return { kind: 'open', subscriberId: sealed.subscriberId, week, comparison, tool, choice };
}

/** Voting on an edition closes `voteWeeks` weeks after its first send started. */
export function isClosed(ballot: Pick<Ballot, 'sentAt'>, voteWeeks: number, now: Date): boolean {
  return now.getTime() >= Date.parse(ballot.sentAt) + voteWeeks * WEEK_MS;
}

/** Records an open vote; the same vote again changes nothing, the other choice replaces it. */
export function castVote(votes: Pick<VoteStore, 'cast'>, vote: OpenVote): Promise<VoteOutcome> {
  return votes.cast({
    subscriberId: vote.subscriberId,
    week: vote.week,
    comparison: vote.comparison.slug,
    tool: vote.tool,
    toolName: vote.comparison.tools[vote.tool],
    choice: vote.choice,
  });
}
