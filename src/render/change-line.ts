import type { FactChange } from './digest-model.ts';

const FACT_NAMES: Record<FactChange['fact'], string> = {
  entry: 'Entry',
  panel: 'Panel',
  community: 'Community',
};

/** The change itself, old and new value on one line: "Entry: $15/mo → $20/mo". */
export function changeText(change: FactChange): string {
  return `${FACT_NAMES[change.fact]}: ${change.from} → ${change.to}`;
}

/** Which sent edition showed the old values: "since 2026-W48". */
export function sinceText(week: string): string {
  return `since ${week}`;
}

/**
 * A change on its own line, as `verdicts check` and the preview list it: "Entry: $15/mo → $20/mo since
 * 2026-W48". The email says "since 2026-W48" once above a tool's changes, in the same words.
 */
export function changeLine(change: FactChange, since: string): string {
  return `${changeText(change)} ${sinceText(since)}`;
}
