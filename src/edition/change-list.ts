import { changeLine, changeText, sinceText } from '../render/change-line.ts';
import type { PreparedEdition } from './prepare-edition.ts';

/** One changed fact of one tool, as an editor confirms it. */
export interface ListedChange {
  tool: string;
  /** The comparison's slug and file. */
  comparison: string;
  file: string;
  /** "Entry: $15/mo → $20/mo since 2026-W48", the words the email uses; and its two halves. */
  line: string;
  change: string;
  since: string;
}

/** Every change line of the edition, in digest order: one per tool and fact. */
export function changeList(prepared: PreparedEdition): ListedChange[] {
  const files = new Map(prepared.assembled.comparisons.map((c) => [c.slug, c.file]));
  return prepared.digest.comparisons.flatMap((comparison) =>
    comparison.tools.flatMap((tool) =>
      (tool.changes?.facts ?? []).map((change) => {
        const since = tool.changes?.since ?? '';
        return {
          tool: tool.name,
          comparison: comparison.slug,
          file: files.get(comparison.slug) ?? comparison.slug,
          line: changeLine(change, since),
          change: changeText(change),
          since: sinceText(since),
        };
      }),
    ),
  );
}

/** The same changes grouped as the email shows them: per tool, "since <week>" once, then each fact. */
export function changesByTool(prepared: PreparedEdition): { tool: string; since: string; facts: string[] }[] {
  return prepared.digest.comparisons.flatMap((comparison) =>
    comparison.tools.flatMap((tool) =>
      tool.changes
        ? [
            {
              tool: tool.name,
              since: sinceText(tool.changes.since),
              facts: tool.changes.facts.map(changeText),
            },
          ]
        : [],
    ),
  );
}
