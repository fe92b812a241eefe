import type { Comparison, Review, Tool } from '../../src/content/types.ts';

export function makeTool(name: string, overrides: Partial<Tool> = {}): Tool {
  return {
    name,
    category: 'Developer Tools',
    tagline: `${name} does a thing`,
    entry: 'Free',
    community: null,
    ...overrides,
  };
}

export function review(
  tool: string,
  verdict: 'ship' | 'skip',
  lens = 'builder',
  extra: Partial<Review> = {},
): Review {
  return { lens, tool, verdict, quote: `${lens} says ${verdict} on ${tool}`, ...extra };
}

export function makeComparison(
  slug: string,
  publishedAt: string,
  overrides: Partial<Comparison> = {},
): Comparison {
  return {
    file: `content/comparisons/${slug}.md`,
    slug,
    title: `${slug} title`,
    published: publishedAt,
    publishedAt,
    draft: false,
    url: `https://verdicts.example.com/compare/${slug}`,
    tools: [makeTool('Alpha'), makeTool('Beta')],
    reviews: [],
    notes: '',
    ...overrides,
  };
}
