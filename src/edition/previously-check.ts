import { toolKey } from '../content/derive.ts';
import type { Comparison, ContentProblem } from '../content/types.ts';
import type { SendHistory } from './send-history.ts';

/**
 * `previously` names that no sent edition ever showed: most likely a typo, since the link then compares
 * nothing. Reported for every comparison, drafts included, naming the file and the field.
 */
export async function unsentPreviousNames(
  history: SendHistory,
  comparisons: readonly Comparison[],
): Promise<ContentProblem[]> {
  const named = comparisons.flatMap((comparison) =>
    comparison.tools.flatMap((tool, index) =>
      tool.previously ? [{ file: comparison.file, index, previously: tool.previously }] : [],
    ),
  );
  if (named.length === 0) return [];
  const keys = [...new Set(named.map((entry) => toolKey(entry.previously)))].sort();
  const sent = new Set((await history.appearances(keys)).map((appearance) => appearance.key));
  return named
    .filter((entry) => !sent.has(toolKey(entry.previously)))
    .map((entry) => ({
      file: entry.file,
      field: `tools[${entry.index}].previously`,
      message: `no sent edition shows a tool named "${entry.previously}"`,
    }));
}
