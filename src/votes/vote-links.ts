import type { VoteLinks } from '../render/digest-model.ts';
import { VOTE_TOKEN_PLACEHOLDER } from '../render/placeholders.ts';

/** A reader's choice on one tool. */
export const VOTE_CHOICES = ['ship', 'skip'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/**
 * One tool's Ship it / Skip it links: `<voteUrl>?c=<slug>&t=<0|1>&v=<ship|skip>&token=<placeholder>`.
 * Comparison, tool and choice are fixed when the edition is rendered; only the token is per recipient.
 */
export function voteLinks(voteUrl: string, slug: string, tool: number): VoteLinks {
  const link = (choice: VoteChoice) =>
    `${voteUrl}?c=${encodeURIComponent(slug)}&t=${tool}&v=${choice}&token=${VOTE_TOKEN_PLACEHOLDER}`;
  return { ship: link('ship'), skip: link('skip') };
}
