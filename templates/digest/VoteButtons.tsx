import type { VoteLinks } from '../../src/render/digest-model.ts';
import { VOTE_LINKS_CLASS } from '../../src/votes/strip-vote-links.ts';

/**
 * The reader's own verdict on the tool: two links to the vote page, which asks before it counts (a GET
 * never votes, so a link scanner opening them changes nothing). Styled from the head (`.wv-v`): twenty
 * of these sit in a five-comparison issue, and inline styles would push it past its 40 KB budget; a
 * client without style blocks shows two plain links.
 */
export function VoteButtons({ vote }: { vote: VoteLinks }) {
  return (
    <p className={VOTE_LINKS_CLASS}>
      <a href={vote.ship}>Ship it</a> <a href={vote.skip}>Skip it</a>
    </p>
  );
}
