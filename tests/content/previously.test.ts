import { describe, expect, it } from 'vitest';
import { toolKey } from '../../src/content/derive.ts';
import { loadContent } from '../../src/content/load.ts';
import { formatProblem } from '../../src/content/types.ts';
import { memoryContent } from '../helpers/memory-content.ts';

const REVIEWERS = '- id: builder\n  name: The Builder\n  lens: Developer experience\n';

function comparison(previously: string): string {
  return `---
title: Windsurf vs Zed
published: 2026-11-24
tools:
  - name: Windsurf
    category: Editors
    tagline: An agentic editor
    entry: $15/mo
    community: 70
${previously}
  - name: Zed
    category: Editors
    tagline: A fast editor
    entry: Free
---
`;
}

function load(previously: string) {
  const files = memoryContent({
    'content/reviewers.yaml': REVIEWERS,
    'content/comparisons/windsurf-vs-zed.md': comparison(previously),
  });
  return loadContent(files, 'content', { siteUrl: 'https://verdicts.example.com', timezone: 'UTC' });
}

describe('tools[].previously', () => {
  it('is optional, and carried on the tool when given', () => {
    expect(load('').comparisons[0]?.tools[0].previously).toBeUndefined();
    const content = load('    previously: "  Codeium "');
    expect(content.problems).toEqual([]);
    expect(content.comparisons[0]?.tools[0].previously).toBe('Codeium');
  });

  it('must be non-empty text, named by file and field', () => {
    const file = 'content/comparisons/windsurf-vs-zed.md';
    expect(load('    previously: "  "').problems.map(formatProblem)).toEqual([
      `${file}: tools[0].previously: must not be empty`,
    ]);
    expect(load('    previously: 42').problems.map(formatProblem)).toEqual([
      `${file}: tools[0].previously: must be text`,
    ]);
  });

  it("must not be the tool's own name, compared without case and surrounding spaces", () => {
    const content = load('    previously: " windsurf"');
    expect(content.problems.map(formatProblem)).toEqual([
      `content/comparisons/windsurf-vs-zed.md: tools[0].previously: must be an earlier name, not the tool's own name ("Windsurf")`,
    ]);
    expect(content.comparisons).toEqual([]);
  });
});

describe('toolKey', () => {
  it('matches names without case and surrounding spaces', () => {
    expect(toolKey('  Claude Code ')).toBe(toolKey('claude code'));
    expect(toolKey('Claude Code')).not.toBe(toolKey('Claude  Code'));
    // The same letter typed precomposed or combining is the same name.
    expect(toolKey('Mistral Le Chat Café')).toBe(toolKey('Mistral Le Chat Cafe\u0301'));
  });
});
