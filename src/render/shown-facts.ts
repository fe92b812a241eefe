import type { Digest } from './digest-model.ts';

/** One tool as an edition showed it: what is stored when the edition is first sent. */
export interface ShownFacts {
  /** Place in the digest: comparison index × 2 + tool index. */
  position: number;
  /** The comparison's slug and title. */
  comparison: string;
  title: string;
  tool: string;
  entry: string;
  panelShip: number | null;
  community: number | null;
}

/** Every tool of the digest, in digest order, with the facts readers are shown. Pure. */
export function shownFacts(digest: Digest): ShownFacts[] {
  return digest.comparisons.flatMap((comparison, index) =>
    comparison.tools.map((tool, side) => ({
      position: index * 2 + side,
      comparison: comparison.slug,
      title: comparison.title,
      tool: tool.name,
      entry: tool.entry,
      panelShip: tool.panelShip,
      community: tool.community,
    })),
  );
}
