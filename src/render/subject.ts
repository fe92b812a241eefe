import Handlebars from 'handlebars';
import type { DigestComparison } from './digest-model.ts';

/** The values a subject or preheader template can use. */
export interface SubjectContext {
  count: number;
  /** count − 1: how many comparisons follow the first. */
  others: number;
  first: { title: string; slug: string; summary?: string | undefined; tools: { name: string }[] };
  comparisons: { title: string; slug: string }[];
  week: { id: string; range: string };
}

export const DEFAULT_SUBJECT = 'Weekly Verdicts: {{first.title}}{{#if others}} and {{others}} more{{/if}}';
export const DEFAULT_PREHEADER =
  '{{count}} side-by-side {{plural count "verdict" "verdicts"}} for {{week.range}}: panel ship rates, prices and where the reviewers split.';

// An isolated instance, so helpers registered here never leak into other Handlebars users.
const handlebars = Handlebars.create();
handlebars.registerHelper('plural', (count: unknown, one: unknown, many: unknown) =>
  count === 1 ? String(one) : String(many),
);

/** What the subject and preheader templates see of the comparisons a reader gets. */
export function subjectContext(
  comparisons: readonly Pick<DigestComparison, 'title' | 'slug' | 'summary' | 'tools'>[],
  week: { id: string; range: string },
): SubjectContext {
  const first = comparisons[0];
  return {
    count: comparisons.length,
    others: Math.max(0, comparisons.length - 1),
    first: first
      ? {
          title: first.title,
          slug: first.slug,
          summary: first.summary,
          tools: first.tools.map((t) => ({ name: t.name })),
        }
      : { title: '', slug: '', tools: [] },
    comparisons: comparisons.map((c) => ({ title: c.title, slug: c.slug })),
    week,
  };
}

/**
 * Renders a subject/preheader template to one line of plain text. No HTML escaping here: the value
 * goes into a header and through React, which escape it for their own context.
 */
export function renderLine(template: string, context: SubjectContext): string {
  const compiled = handlebars.compile(template, { noEscape: true, strict: false });
  return compiled(context).replace(/\s+/g, ' ').trim();
}
