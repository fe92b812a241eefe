import { toolKey } from '../../src/content/derive.ts';
import type { SendHistory, ToolAppearance } from '../../src/edition/send-history.ts';
import type { ShownFacts } from '../../src/render/shown-facts.ts';

/** One sent edition: its week, when its first send started, and what it showed. */
export interface SentEdition {
  week: string;
  sentAt: string;
  facts: (Partial<ShownFacts> & Pick<ShownFacts, 'tool'>)[];
}

/** A send history held in memory, answering as the database does. Every question is recorded in `asked`. */
export function memoryHistory(editions: SentEdition[]): SendHistory & { asked: string[][] } {
  const appearances: ToolAppearance[] = editions.flatMap((edition) =>
    edition.facts.map((fact, position) => ({
      position,
      comparison: 'some-comparison',
      title: 'Some comparison',
      entry: 'Free',
      panelShip: null,
      community: null,
      ...fact,
      week: edition.week,
      sentAt: edition.sentAt,
      key: toolKey(fact.tool),
    })),
  );
  const asked: string[][] = [];
  return {
    asked,
    async appearances(keys) {
      asked.push([...keys]);
      return appearances.filter((appearance) => keys.includes(appearance.key));
    },
    async sentAt(week) {
      return editions.find((edition) => edition.week === week)?.sentAt;
    },
  };
}
