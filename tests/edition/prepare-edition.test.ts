import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/content/types.ts';
import { type EditionSource, prepareEdition } from '../../src/edition/prepare-edition.ts';
import { WeekError } from '../../src/edition/week-error.ts';
import { memoryContent } from '../helpers/memory-content.ts';

const REVIEWERS = `- id: builder
  name: The Builder
  lens: Developer experience
- id: buyer
  name: The Buyer
  lens: Follows the money
`;

function comparison(title: string, published: string): string {
  const [first, second] = title.split(' vs ');
  return `---
title: ${title}
published: ${published}
summary: Which one should you ship with?
tools:
  - name: ${first}
    category: Developer Tools
    tagline: Does the first thing
    entry: Free
    community: 62
  - name: ${second}
    category: Local Inference
    tagline: Does the second thing
    entry: $20/mo
    community: null
reviews:
  - lens: builder
    tool: ${first}
    verdict: ship
    quote: "Solid from the first command."
  - lens: buyer
    tool: ${first}
    verdict: skip
    quote: "Nobody pays for this."
---
Editor's notes, not sent.
`;
}

const NOTE = `---
subject: "{{count}} verdicts, led by {{first.title}}"
preheader: Two comparisons from memory.
featured: gamma-vs-delta
---
Hello from **memory**, see [the archive](https://verdicts.example.com/archive).
`;

function source(files: Record<string, string>) {
  const memory = memoryContent(files);
  const edition: EditionSource = {
    files: memory,
    contentDir: 'content',
    issuesDir: 'issues',
    siteUrl: 'https://verdicts.example.com',
    publicUrl: 'https://news.example.com',
    postalAddress: 'Weekly Verdicts, 1 Main St',
    timezone: 'Europe/Berlin',
  };
  return { memory, edition };
}

const NOW = new Date('2026-11-30T09:00:00Z');

describe('prepareEdition from an in-memory source', () => {
  it('renders a week from files held in memory, reading nothing else', async () => {
    const { memory, edition } = source({
      'content/reviewers.yaml': REVIEWERS,
      'content/comparisons/alpha-vs-beta.md': comparison('Alpha vs Beta', '2026-11-25'),
      'content/comparisons/gamma-vs-delta.md': comparison('Gamma vs Delta', '2026-11-24'),
      'content/comparisons/epsilon-vs-zeta.md': comparison('Epsilon vs Zeta', '2026-11-10'),
      'issues/2026-W48.md': NOTE,
    });
    const prepared = await prepareEdition(edition, '2026-W48', NOW);

    expect(prepared.problems).toEqual([]);
    expect(prepared.week.id).toBe('2026-W48');
    // Featured first, then newest first.
    expect(prepared.assembled.comparisons.map((c) => c.slug)).toEqual(['gamma-vs-delta', 'alpha-vs-beta']);
    expect(prepared.rendered.subject).toBe('2 verdicts, led by Gamma vs Delta');
    expect(prepared.rendered.preheader).toBe('Two comparisons from memory.');
    expect(prepared.rendered.html).toContain('Alpha vs Beta');
    expect(prepared.rendered.html).toContain('<strong>memory</strong>');
    expect(prepared.rendered.text).toContain(
      'FROM THE EDITOR\n\nHello from memory, see the archive\n(https://verdicts.example.com/archive).',
    );
    expect(prepared.rendered.text).toContain('   Panel ship  50%');
    expect(prepared.rendered.text).not.toContain("Editor's notes");
    expect(new Set(memory.reads)).toEqual(
      new Set([
        'content/reviewers.yaml',
        'content/comparisons',
        'content/comparisons/alpha-vs-beta.md',
        'content/comparisons/gamma-vs-delta.md',
        'content/comparisons/epsilon-vs-zeta.md',
        'issues/2026-W48.md',
      ]),
    );
  });

  it('reports problems with the same file, field and message as on disk', async () => {
    const { edition } = source({
      'content/comparisons/alpha-vs-beta.md': comparison('Alpha vs Beta', '2026-11-25').replace(
        'community: 62',
        'community: 150',
      ),
    });
    const prepared = await prepareEdition(edition, '2026-W48', NOW);
    expect(prepared.problems.map(formatProblem)).toEqual([
      'content/reviewers.yaml: file not found',
      'content/comparisons/alpha-vs-beta.md: tools[0].community: must be a number from 0 to 100 or null',
    ]);
    expect(prepared.assembled.comparisons).toEqual([]);
  });

  it('refuses a malformed week before reading anything', async () => {
    const { memory, edition } = source({});
    await expect(prepareEdition(edition, '2026-W99', NOW)).rejects.toBeInstanceOf(WeekError);
    expect(memory.reads).toEqual([]);
  });
});
