import { shipLine, shipPercent } from './ship-share.ts';
import type { ComparisonTally, ToolTally } from './tally.ts';

/** A comparison's result is shown once this many readers voted on it (both tools together). */
export const MIN_READER_VOTES = 10;

/**
 * The "Readers voted" lines of the next digest, one per comparison of the last issue that at least
 * MIN_READER_VOTES readers voted on, in its order: "Readers voted: 71% would ship X (n = 120)", X being
 * the tool readers would rather ship (the higher share; on a tie the one with more votes, then the
 * first). Empty when none has enough. Pure: same tallies, same lines.
 */
export function readersVoted(tallies: readonly ComparisonTally[]): string[] {
  return tallies
    .filter((tally) => tally.tools.reduce((n, tool) => n + tool.ship + tool.skip, 0) >= MIN_READER_VOTES)
    .map((tally) => `Readers voted: ${shipLine(favourite(tally.tools).name, favourite(tally.tools))}`);
}

function favourite([first, second]: readonly [ToolTally, ToolTally]): ToolTally {
  const share = (tool: ToolTally) => shipPercent(tool) ?? -1;
  if (share(second) !== share(first)) return share(second) > share(first) ? second : first;
  return second.ship + second.skip > first.ship + first.skip ? second : first;
}
