import type { Digest } from './digest-model.ts';
import { renderLine, subjectContext } from './subject.ts';

/**
 * What every reader's digest of a week is made from, kept with the edition when its first send starts:
 * the whole week's model (with recipient placeholders), the subject and preheader templates, and each
 * comparison's topics. A variant is a pure function of it, so every sender renders the same bytes.
 */
export interface VariantSource {
  digest: Digest;
  subjectTemplate: string;
  preheaderTemplate: string;
  /** Per comparison, in digest order: the topic ids it belongs to. */
  topics: string[][];
}

/**
 * The week for a reader who gets only the comparisons at these positions (in digest order): the same
 * model with those comparisons, and a subject and preheader written for them.
 */
export function variantDigest(source: VariantSource, positions: readonly number[]): Digest {
  const comparisons = positions.map((position) => {
    const comparison = source.digest.comparisons[position];
    if (!comparison) throw new Error(`no comparison at position ${position} of ${source.digest.week}`);
    return comparison;
  });
  const context = subjectContext(comparisons, { id: source.digest.week, range: source.digest.rangeLabel });
  return {
    ...source.digest,
    comparisons,
    weekTotal: source.digest.comparisons.length,
    subject: renderLine(source.subjectTemplate, context),
    preheader: renderLine(source.preheaderTemplate, context),
  };
}
