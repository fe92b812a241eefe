import { describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { loadAllIssueNotes } from '../../src/content/issue-note.ts';
import { loadContent } from '../../src/content/load.ts';
import { formatProblem } from '../../src/content/types.ts';

const options = { siteUrl: 'https://verdicts.example.com', timezone: 'UTC' };

describe('content validation', () => {
  it('accepts the sample content with no problems', () => {
    const content = loadContent(fileSystemContent, 'content', options);
    expect(content.problems.map(formatProblem)).toEqual([]);
    expect(content.comparisons.length).toBeGreaterThanOrEqual(8);
    expect(loadAllIssueNotes(fileSystemContent, 'issues').problems).toEqual([]);
  });

  it('reports every problem at once, each with file and field path', () => {
    const lines = loadContent(fileSystemContent, 'tests/fixtures/broken', options).problems.map(formatProblem);
    const dir = 'tests/fixtures/broken/comparisons';
    expect(lines).toEqual(
      expect.arrayContaining([
        `${dir}/bad-community.md: tools[1].community: must be a number from 0 to 100 or null`,
        `${dir}/many-errors.md: title: is required`,
        `${dir}/many-errors.md: slug: must be lowercase letters, digits and single hyphens`,
        `${dir}/many-errors.md: published: must be a date (YYYY-MM-DD) or an ISO datetime with offset (2026-11-24T09:00:00+01:00)`,
        `${dir}/many-errors.md: tools: must list exactly two tools`,
        `${dir}/many-errors.md: tools[0].tagline: is required`,
        `${dir}/many-errors.md: tools[0].community: must be a number from 0 to 100 or null`,
        `${dir}/many-errors.md: tools[0].logo: must be an absolute https URL`,
        `${dir}/many-errors.md: reviews[0].verdict: must be "ship" or "skip"`,
        `${dir}/many-errors.md: reviews[0].quote: must not be empty`,
        `${dir}/many-errors.md: reviews[0].lens: "astrologer" is not in reviewers.yaml (known: builder, skeptic)`,
        `${dir}/wrong-tool.md: published: must be a date (YYYY-MM-DD) or an ISO datetime with offset (2026-11-24T09:00:00+01:00)`,
        `${dir}/wrong-tool.md: reviews[0].tool: "Zeta" must equal one of the two tools' names: "Delta" or "Epsilon"`,
        `${dir}/wrong-tool.md: reviews[1].lens: "nobody" is not in reviewers.yaml (known: builder, skeptic)`,
        `${dir}/no-frontmatter.md: has no YAML frontmatter between --- lines`,
      ]),
    );
    expect(lines.some((line) => line.startsWith(`${dir}/bad-yaml.md: invalid YAML`))).toBe(true);
    expect(lines).toHaveLength(16);
  });

  it('loads none of the broken files', () => {
    const content = loadContent(fileSystemContent, 'tests/fixtures/broken', options);
    expect(content.comparisons).toEqual([]);
  });

  it('names the issue note and each bad field', () => {
    const lines = loadAllIssueNotes(fileSystemContent, 'tests/fixtures/broken-issues').problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        'tests/fixtures/broken-issues/2026-W48.md: featured: must be lowercase letters, digits and single hyphens',
        'tests/fixtures/broken-issues/2026-W48.md: exclude: must be a list of slugs',
      ]),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^tests\/fixtures\/broken-issues\/2026-W48.md: subject: is not a valid Handlebars template: /,
      ),
    );
  });

  it('applies defaults: slug from the file name, url from SITE_URL, draft false', () => {
    const content = loadContent(fileSystemContent, 'content', options);
    const seed = content.comparisons.find((c) => c.slug === 'cursor-background-agents-vs-smolvlm2-2b');
    expect(seed?.url).toBe('https://verdicts.example.com/compare/cursor-background-agents-vs-smolvlm2-2b');
    expect(seed?.draft).toBe(false);
  });
});
