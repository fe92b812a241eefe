import Handlebars from 'handlebars';

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

/**
 * Renders a subject/preheader template to one line of plain text. No HTML escaping here: the value
 * goes into a header and through React, which escape it for their own context.
 */
export function renderLine(template: string, context: SubjectContext): string {
  const compiled = handlebars.compile(template, { noEscape: true, strict: false });
  return compiled(context).replace(/\s+/g, ' ').trim();
}
