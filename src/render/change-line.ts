import type { FactChange } from './digest-model.ts';

const FACT_NAMES: Record<FactChange['fact'], string> = {
  entry: 'Entry',
  panel: 'Panel',
  community: 'Community',
};

/** "Entry", "Panel", "Community": what a change line calls the fact. */
export function factName(change: FactChange): string {
  return FACT_NAMES[change.fact];
}

/**
 * A change as one line, the same words in the HTML, the text part, the preview and `verdicts check`:
 * "Entry: $15/mo → $20/mo since 2026-W48".
 */
export function changeLine(change: FactChange): string {
  return `${factName(change)}: ${change.from} → ${change.to} since ${change.since}`;
}
