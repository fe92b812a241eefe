import { VOTE_TOKEN_PLACEHOLDER } from '../render/placeholders.ts';

/** The class of the paragraph that holds a tool's two vote links in the HTML (templates/digest/VoteButtons.tsx). */
export const VOTE_LINKS_CLASS = 'wv-v';

const HTML_BLOCK = new RegExp(
  `<p class="${VOTE_LINKS_CLASS}">(?:(?!</p>).)*${VOTE_TOKEN_PLACEHOLDER}(?:(?!</p>).)*</p>`,
  'gs',
);
// The text part's two lines under a tool (render/digest-text.ts), with the blank line before them.
const TEXT_LINES = new RegExp(
  `\\n\\n {3}Ship it: [^\\n]*${VOTE_TOKEN_PLACEHOLDER}\\n {3}Skip it: [^\\n]*${VOTE_TOKEN_PLACEHOLDER}`,
  'g',
);

/**
 * The edition without its vote links, for copies nobody in particular receives (the web archive, `verdicts
 * build`): a vote needs a reader, and a button that can only be refused is worse than none.
 */
export function withoutVoteLinks(body: string): string {
  return body.replace(HTML_BLOCK, '').replace(TEXT_LINES, '');
}
