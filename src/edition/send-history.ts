import { toolKey } from '../content/derive.ts';
import type { Tool } from '../content/types.ts';
import type { LastShown, PastFacts } from '../render/compare-facts.ts';
import type { ShownFacts } from '../render/shown-facts.ts';
import type { ComparisonTally } from '../votes/tally.ts';

/** One tool as one sent edition showed it. */
export interface ToolAppearance extends ShownFacts {
  week: string;
  /** When the edition's first send started: the order of sending decides which appearance is the last. */
  sentAt: string;
  /** The tool's name without case and surrounding spaces. */
  key: string;
}

/**
 * The send history, read-only: what readers were shown. Only editions whose first send started are in
 * it (built, previewed, test-sent and draft digests never are); the ledger writes it at that moment.
 */
export interface SendHistory {
  /** Every appearance of a tool whose key is one of `keys`, in any sent edition. */
  appearances(keys: readonly string[]): Promise<ToolAppearance[]>;
  /** When `week`'s first send started; undefined while it has not been sent. */
  sentAt(week: string): Promise<string | undefined>;
  /**
   * Reader votes on the comparisons of the last edition sent before `week`, cast through editions before
   * it (issue #16); none when absent.
   */
  readerVotes?: ((week: string) => Promise<ComparisonTally[]>) | undefined;
}

/** No edition sent yet (or no database to ask): nothing to compare with. */
export const NO_HISTORY: SendHistory = {
  appearances: async () => [],
  sentAt: async () => undefined,
};

/**
 * What readers last saw of each of these tools before `week`: the most recent appearance in sending
 * order among editions sent before `week` was (all of them while `week` is unsent), looked up by name
 * and by `previously`. A week renders the same bytes for the same history, before and after its own send.
 */
export async function lastShownBefore(
  history: SendHistory,
  week: string,
  tools: readonly Tool[],
): Promise<LastShown> {
  const keys = [...new Set(tools.flatMap((tool) => namesOf(tool).map(toolKey)))].sort();
  if (keys.length === 0) return () => undefined;
  const [appearances, weekSentAt] = await Promise.all([history.appearances(keys), history.sentAt(week)]);
  const latest = new Map<string, ToolAppearance>();
  for (const appearance of appearances) {
    if (appearance.week === week) continue;
    if (weekSentAt !== undefined && sendOrder(appearance, { week, sentAt: weekSentAt }) >= 0) continue;
    const current = latest.get(appearance.key);
    if (!current || isLater(appearance, current)) latest.set(appearance.key, appearance);
  }
  return (tool) => {
    let best: ToolAppearance | undefined;
    for (const name of namesOf(tool)) {
      const candidate = latest.get(toolKey(name));
      if (candidate && (!best || sendOrder(candidate, best) > 0)) best = candidate;
    }
    return best && pastFacts(best);
  };
}

function namesOf(tool: Tool): string[] {
  return tool.previously ? [tool.name, tool.previously] : [tool.name];
}

/** Sending order: when the first send started, then the week id for the same instant. */
function sendOrder(a: { sentAt: string; week: string }, b: { sentAt: string; week: string }): number {
  if (a.sentAt !== b.sentAt) return a.sentAt < b.sentAt ? -1 : 1;
  return a.week === b.week ? 0 : a.week < b.week ? -1 : 1;
}

/** A later edition wins; within one edition, the first place in the digest. */
function isLater(a: ToolAppearance, b: ToolAppearance): boolean {
  const order = sendOrder(a, b);
  return order > 0 || (order === 0 && a.position < b.position);
}

function pastFacts(appearance: ToolAppearance): PastFacts {
  const { week, entry, panelShip, community } = appearance;
  return { week, entry, panelShip, community };
}
