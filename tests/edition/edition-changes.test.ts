import { describe, expect, it } from 'vitest';
import { changeList } from '../../src/edition/change-list.ts';
import { type EditionSource, prepareEdition } from '../../src/edition/prepare-edition.ts';
import { unsentPreviousNames } from '../../src/edition/previously-check.ts';
import { memoryContent } from '../helpers/memory-content.ts';
import { memoryHistory } from '../helpers/memory-history.ts';

const REVIEWERS = '- id: builder\n  name: The Builder\n  lens: Developer experience\n';

const WINDSURF_VS_ZED = `---
title: Windsurf vs Zed
published: 2026-12-01
tools:
  - name: Windsurf
    previously: Codeium
    category: Editors
    tagline: An agentic editor
    entry: $15/mo
    community: 70
  - name: Zed
    category: Editors
    tagline: A fast editor
    entry: Free
    community: null
reviews:
  - lens: builder
    tool: Zed
    verdict: ship
    quote: Fast.
---
`;

function source(history: EditionSource['history']): EditionSource {
  return {
    files: memoryContent({
      'content/reviewers.yaml': REVIEWERS,
      'content/comparisons/windsurf-vs-zed.md': WINDSURF_VS_ZED,
    }),
    contentDir: 'content',
    issuesDir: 'issues',
    siteUrl: 'https://verdicts.example.com',
    publicUrl: 'https://news.example.com',
    postalAddress: 'Weekly Verdicts, 1 Main St',
    timezone: 'UTC',
    history,
  };
}

const NOW = new Date('2026-12-08T09:00:00Z');

describe('a week prepared with the send history', () => {
  const history = () =>
    memoryHistory([
      {
        week: '2026-W47',
        sentAt: '2026-11-23T09:00:00.000Z',
        facts: [{ tool: 'Codeium', entry: 'Free', community: 70 }],
      },
      {
        week: '2026-W48',
        sentAt: '2026-11-30T09:00:00.000Z',
        facts: [{ tool: 'zed', entry: 'Free', panelShip: 50, community: 40 }],
      },
    ]);

  it('shows the changes in both parts and lists them for the editor, one per tool and fact', async () => {
    const prepared = await prepareEdition(source(history()), '2026-W49', NOW);
    expect(prepared.problems).toEqual([]);
    expect(changeList(prepared)).toEqual([
      {
        tool: 'Windsurf',
        comparison: 'windsurf-vs-zed',
        file: 'content/comparisons/windsurf-vs-zed.md',
        line: 'Entry: Free → $15/mo since 2026-W47',
        change: 'Entry: Free → $15/mo',
        since: 'since 2026-W47',
      },
      {
        tool: 'Zed',
        comparison: 'windsurf-vs-zed',
        file: 'content/comparisons/windsurf-vs-zed.md',
        line: 'Panel: 50% → 100% since 2026-W48',
        change: 'Panel: 50% → 100%',
        since: 'since 2026-W48',
      },
      {
        tool: 'Zed',
        comparison: 'windsurf-vs-zed',
        file: 'content/comparisons/windsurf-vs-zed.md',
        line: 'Community: 40% → — since 2026-W48',
        change: 'Community: 40% → —',
        since: 'since 2026-W48',
      },
    ]);
    for (const { change, since } of changeList(prepared)) {
      expect(prepared.rendered.text).toContain(`   Changed     ${since}\n`);
      expect(prepared.rendered.text).toContain(`               ${change}\n`);
      expect(prepared.rendered.html).toContain(`>Changed ${since}</div>`);
      expect(prepared.rendered.html).toContain(`<div>${change}</div>`);
    }
    expect(prepared.rendered.facts).toEqual([
      expect.objectContaining({
        position: 0,
        tool: 'Windsurf',
        entry: '$15/mo',
        panelShip: null,
        community: 70,
      }),
      expect.objectContaining({ position: 1, tool: 'Zed', entry: 'Free', panelShip: 100, community: null }),
    ]);
  });

  it('renders the same bytes as with no history when nothing was sent yet', async () => {
    const none = await prepareEdition(source(undefined), '2026-W49', NOW);
    const empty = await prepareEdition(source(memoryHistory([])), '2026-W49', NOW);
    expect(empty.rendered.html).toBe(none.rendered.html);
    expect(empty.rendered.text).toBe(none.rendered.text);
    expect(changeList(none)).toEqual([]);
  });

  it('reports a `previously` name that no sent edition showed, by file and field', async () => {
    const prepared = await prepareEdition(source(undefined), '2026-W49', NOW);
    const comparisons = prepared.content.comparisons;
    expect(await unsentPreviousNames(history(), comparisons)).toEqual([]);
    expect(await unsentPreviousNames(memoryHistory([]), comparisons)).toEqual([
      {
        file: 'content/comparisons/windsurf-vs-zed.md',
        field: 'tools[0].previously',
        message: 'no sent edition shows a tool named "Codeium"',
      },
    ]);
  });
});
