import type { Context, Hono } from 'hono';
import type { BallotReader } from '../../store/vote-ballot.ts';
import type { VoteStore } from '../../store/vote-store.ts';
import type { TallyReader } from '../../store/vote-tallies.ts';
import { castVote, type OpenVote, readVoteLink, type VoteQuery } from '../../votes/vote-link.ts';
import { votedPageModel, votePageModel } from '../../votes/vote-page.ts';
import type { AppDeps } from '../create-app.ts';
import { RequestError, waitPhrase } from '../errors.ts';
import type { RateLimiter } from '../rate-limiter.ts';

/** What the vote route needs besides the app's common deps. */
export interface VoteDeps {
  ballots: Pick<BallotReader, 'ballot'>;
  store: Pick<VoteStore, 'cast' | 'votesOf'>;
  tallies: Pick<TallyReader, 'counts'>;
  /** VOTE_WEEKS: how long an edition's links count. */
  voteWeeks: number;
  /** Vote POSTs per client address. */
  clientLimiter: RateLimiter;
  /** Vote POSTs per reader (the subscriber the token names). */
  readerLimiter: RateLimiter;
}

/**
 * `GET /vote?c=…&t=…&v=…&token=…` (the Ship it / Skip it links under each tool in the digest) shows the
 * tool and the choice with one button; nothing is recorded on GET, because link scanners and mail
 * previews fetch links. The button POSTs to the same URL, which records the vote (once per reader,
 * comparison and tool; the other choice replaces it) and shows the comparison's reader tally.
 */
export function registerVoteRoutes(app: Hono, deps: AppDeps): void {
  const votes = deps.votes;
  if (!votes) return;
  const linkDeps = {
    ballots: votes.ballots,
    secret: deps.secret,
    clock: deps.clock,
    voteWeeks: votes.voteWeeks,
  };

  app.get('/vote', async (c) => {
    c.header('Cache-Control', 'no-store');
    const query = queryOf(c);
    const vote = openOrRefuse(c, deps, await readVoteLink(linkDeps, query));
    if (vote instanceof Response) return vote;
    const current = (await votes.store.votesOf(vote.subscriberId, vote.comparison.slug)).get(vote.tool);
    return c.html(deps.pages.render('vote', votePageModel(vote, current, query)));
  });

  // No body limit: the button's form has no fields, and the body is never read.
  app.post('/vote', async (c) => {
    c.header('Cache-Control', 'no-store');
    await within(votes.clientLimiter, deps.clientIp(c));
    const vote = openOrRefuse(c, deps, await readVoteLink(linkDeps, queryOf(c)));
    if (vote instanceof Response) return vote;
    await within(votes.readerLimiter, String(vote.subscriberId));
    const outcome = await castVote(votes.store, vote);
    if (outcome !== 'unchanged') deps.log.info({ subscriber: vote.subscriberId, outcome }, 'vote');
    const tools = await votes.tallies.counts(vote.comparison.slug, vote.comparison.tools);
    return c.html(deps.pages.render('voted', votedPageModel(vote, outcome, tools, deps.siteUrl)));
  });
}

function queryOf(c: Context): VoteQuery {
  return { c: c.req.query('c'), t: c.req.query('t'), v: c.req.query('v'), token: c.req.query('token') };
}

/** The open vote, or the 4xx page that says why this link cannot vote. */
function openOrRefuse(
  c: Context,
  deps: AppDeps,
  link: Awaited<ReturnType<typeof readVoteLink>>,
): OpenVote | Response {
  switch (link.kind) {
    case 'open':
      return link;
    case 'malformed':
      throw new RequestError(
        400,
        'malformed_vote',
        'This vote link is incomplete: use the whole link from your email.',
      );
    case 'invalid': {
      const message =
        'This vote link is damaged, or comes from a copy of the issue that was not sent to a reader (the archive, a test copy). Vote from the issue in your inbox.';
      return c.html(
        deps.pages.render('invalid-link', { title: 'Link not valid', noindex: true, message }),
        400,
      );
    }
    case 'not-in-edition':
      throw new RequestError(
        404,
        'not_in_edition',
        'This vote link does not match a comparison in an issue sent to you. Use the links under the tools in your email.',
        { heading: 'Nothing to vote on here' },
      );
    case 'closed':
      throw new RequestError(
        410,
        'voting_closed',
        `Voting on issue ${link.week} has closed. The latest issue has links of its own.`,
        { heading: 'Voting has closed' },
      );
  }
}

async function within(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.take(key);
  if (!decision.ok) {
    throw new RequestError(
      429,
      'rate_limit_exceeded',
      `Too many votes at once. Please try again ${waitPhrase(decision.retryAfterMs)}.`,
      { retryAfterMs: decision.retryAfterMs },
    );
  }
}
