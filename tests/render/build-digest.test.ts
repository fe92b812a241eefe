import { describe, expect, it } from 'vitest';
import { assembleWeek } from '../../src/content/assemble.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { loadIssueNote } from '../../src/content/issue-note.ts';
import { loadContent } from '../../src/content/load.ts';
import { parseWeekId } from '../../src/content/week.ts';
import { buildDigest } from '../../src/render/build-digest.ts';
import { renderLine } from '../../src/render/subject.ts';

const settings = { siteUrl: 'https://verdicts.example.com', postalAddress: '1 Example Street' };

function digestFor(weekId: string, withNote = true) {
  const content = loadContent(fileSystemContent, 'content', { siteUrl: settings.siteUrl, timezone: 'UTC' });
  const week = parseWeekId(weekId, 'UTC');
  if ('error' in week) throw new Error(week.error);
  const note = withNote ? loadIssueNote(fileSystemContent, 'issues', weekId).note : undefined;
  return buildDigest(assembleWeek(content.comparisons, week, note), content.reviewers, settings);
}

describe('digest model', () => {
  it('uses the issue note: its subject template, preheader, featured first and intro', () => {
    const digest = digestFor('2026-W47');
    expect(digest.comparisons[0]?.featured).toBe(true);
    expect(digest.comparisons.filter((c) => c.featured)).toHaveLength(1);
    expect(digest.subject).toBe(
      `${digest.comparisons.length} verdicts: ${digest.comparisons[0]?.title} and more`,
    );
    expect(digest.intro?.html).toContain('<strong>');
    expect(digest.rangeLabel).toBe('16–22 November 2026');
  });

  it('falls back to the default subject and preheader without a note', () => {
    const digest = digestFor('2026-W48', false);
    const first = digest.comparisons[0]!;
    expect(digest.subject).toBe(`Weekly Verdicts: ${first.title} and ${digest.comparisons.length - 1} more`);
    expect(digest.preheader).toBe(
      `${digest.comparisons.length} side-by-side verdicts for 23–29 November 2026: panel ship rates, prices and where the reviewers split.`,
    );
    expect(digest.intro).toBeUndefined();
  });

  it('carries the seed figures and names each pull quote by its reviewer', () => {
    const seed = digestFor('2026-W47').comparisons.find(
      (c) => c.slug === 'cursor-background-agents-vs-smolvlm2-2b',
    )!;
    expect(seed.tools.map((t) => t.panelShip)).toEqual([100, 75]);
    expect(seed.tools.map((t) => `${t.shipCount}/${t.reviewCount}`)).toEqual(['4/4', '3/4']);
    expect(seed.tools.map((t) => t.community)).toEqual([null, null]);
    expect(seed.split).toBe(true);
    expect(seed.tools[1].quote?.verdict).toBe('skip');
    expect(seed.tools[1].quote?.reviewerName).toBe('The Buyer');
  });

  it('renders subject templates as one line of plain text, never HTML-escaped', () => {
    const context = {
      count: 1,
      others: 0,
      first: { title: 'R&D <Tools> "vs"\nthe rest', slug: 'x', tools: [] },
      comparisons: [],
      week: { id: '2026-W48', range: '23–29 November 2026' },
    };
    expect(renderLine('{{first.title}}{{#if others}} and {{others}} more{{/if}}', context)).toBe(
      'R&D <Tools> "vs" the rest',
    );
    expect(renderLine('{{count}} {{plural count "verdict" "verdicts"}}', context)).toBe('1 verdict');
  });
});
