import type { Comparison, Review, Verdict } from './types.ts';

/**
 * What identifies a tool across comparisons and editions: its name without case and surrounding spaces
 * (NFC, so the same letters typed two ways still match).
 */
export function toolKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/** Reviews of one tool, in file order. */
export function reviewsOf(comparison: Comparison, toolName: string): Review[] {
  return comparison.reviews.filter((review) => review.tool === toolName);
}

/** Ship reviews ÷ all reviews of the tool, as a whole percent; null when the tool has no reviews. */
export function panelShipPercent(reviews: readonly Review[]): number | null {
  if (reviews.length === 0) return null;
  const ships = reviews.filter((review) => review.verdict === 'ship').length;
  return Math.round((ships / reviews.length) * 100);
}

/** A tool is split when its reviews hold both verdicts. */
export function isToolSplit(reviews: readonly Review[]): boolean {
  return reviews.some((r) => r.verdict === 'ship') && reviews.some((r) => r.verdict === 'skip');
}

/** A comparison is split when either tool has both ship and skip verdicts. */
export function isComparisonSplit(comparison: Comparison): boolean {
  return comparison.tools.some((tool) => isToolSplit(reviewsOf(comparison, tool.name)));
}

/**
 * The digest's pull quote for a tool: the highlighted review; else, on a split tool, the first review in
 * the minority verdict (on a tie, the first skip); else the first review.
 */
export function pullQuote(reviews: readonly Review[]): Review | undefined {
  const highlighted = reviews.find((review) => review.highlight === true);
  if (highlighted) return highlighted;
  if (isToolSplit(reviews)) {
    const ships = reviews.filter((r) => r.verdict === 'ship').length;
    const skips = reviews.length - ships;
    const minority: Verdict = ships < skips ? 'ship' : 'skip';
    return reviews.find((review) => review.verdict === minority);
  }
  return reviews[0];
}
