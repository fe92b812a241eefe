import type { Tool } from '../content/types.ts';
import type { DigestTool, FactChange, ToolChanges } from './digest-model.ts';
import { communityLabel, panelShipLabel } from './digest-text.ts';

/** What a sent edition showed for a tool, and which week that edition was. */
export interface PastFacts {
  week: string;
  entry: string;
  panelShip: number | null;
  community: number | null;
}

/** The facts a tool was last shown with in a sent edition, if any (matched by name or `previously`). */
export type LastShown = (tool: Tool) => PastFacts | undefined;

/**
 * The facts that read differently now than when `past` was sent, in the order entry, panel, community;
 * undefined when none do. Compared as readers see them ("62%", "—"), so a change that does not show is
 * not reported.
 */
export function compareFacts(
  now: Pick<DigestTool, 'entry' | 'panelShip' | 'community'>,
  past: PastFacts,
): ToolChanges | undefined {
  const pairs: [FactChange['fact'], string, string][] = [
    ['entry', past.entry, now.entry],
    ['panel', panelShipLabel(past.panelShip), panelShipLabel(now.panelShip)],
    ['community', communityLabel(past.community), communityLabel(now.community)],
  ];
  const facts: FactChange[] = pairs
    .filter(([, from, to]) => from !== to)
    .map(([fact, from, to]) => ({ fact, from, to }));
  return facts.length > 0 ? { since: past.week, facts } : undefined;
}
