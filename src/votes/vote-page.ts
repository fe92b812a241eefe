import type { VoteOutcome } from '../store/vote-store.ts';
import { shipLine } from './ship-share.ts';
import type { ToolTally } from './tally.ts';
import type { OpenVote, VoteQuery } from './vote-link.ts';
import type { VoteChoice } from './vote-links.ts';

export const CHOICE_LABELS: Record<VoteChoice, string> = { ship: 'Ship it', skip: 'Skip it' };

/** The URL the page's button posts to: the link itself, so a POST carries exactly what the GET showed. */
export function voteAction(query: VoteQuery): string {
  const params = new URLSearchParams({
    c: query.c ?? '',
    t: query.t ?? '',
    v: query.v ?? '',
    token: query.token ?? '',
  });
  return `/vote?${params.toString()}`;
}

/** The page a vote link opens: the tool, the choice, one button. */
export function votePageModel(vote: OpenVote, current: VoteChoice | undefined, query: VoteQuery) {
  const tool = vote.comparison.tools[vote.tool];
  const label = CHOICE_LABELS[vote.choice];
  return {
    title: `${label}: ${tool}`,
    noindex: true,
    tool,
    label,
    comparison: vote.comparison.title,
    week: vote.week,
    action: voteAction(query),
    already: current === vote.choice,
    replaces: current && current !== vote.choice ? CHOICE_LABELS[current] : undefined,
  };
}

const OUTCOME_NOTICES: Record<VoteOutcome, string> = {
  counted: 'Your vote is counted.',
  changed: 'Your vote is changed.',
  unchanged: 'You had already voted this way; it counts once.',
};

/** The page after a vote: what happened, the comparison's reader tally, and the way to the comparison. */
export function votedPageModel(
  vote: OpenVote,
  outcome: VoteOutcome,
  tools: readonly ToolTally[],
  siteUrl: string,
) {
  const tool = vote.comparison.tools[vote.tool];
  return {
    title: `${CHOICE_LABELS[vote.choice]}: ${tool}`,
    noindex: true,
    notice: OUTCOME_NOTICES[outcome],
    tool,
    label: CHOICE_LABELS[vote.choice],
    comparison: vote.comparison.title,
    lines: tools.map((counts) => shipLine(counts.name, counts)),
    comparisonUrl: `${siteUrl.replace(/\/+$/, '')}/compare/${encodeURIComponent(vote.comparison.slug)}`,
  };
}
