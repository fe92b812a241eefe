import { z } from 'zod';

/** A required, non-empty single value of text. */
export function text(what = 'text') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) })
    .trim()
    .min(1, { error: 'must not be empty' });
}

const optionalText = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .optional();

const httpsUrl = z
  .string({ error: 'must be an absolute https URL' })
  .trim()
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
    error: 'must be an absolute https URL',
  });

const absoluteUrl = z
  .string({ error: 'must be an absolute http(s) URL' })
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    error: 'must be an absolute http(s) URL',
  });

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z
  .string({ error: 'must be text' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters, digits and single hyphens' });

/** `published`: a calendar date (read in the site timezone) or an ISO datetime with an explicit offset. */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const DATETIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const publishedSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be a date (YYYY-MM-DD) or an ISO datetime with offset (2026-11-24T09:00:00+01:00)',
  })
  .trim()
  .refine((value) => DATE_ONLY.test(value) || DATETIME_WITH_OFFSET.test(value), {
    error: 'must be a date (YYYY-MM-DD) or an ISO datetime with offset (2026-11-24T09:00:00+01:00)',
  });

const communitySchema = z
  .number({ error: 'must be a number from 0 to 100 or null' })
  .min(0, { error: 'must be a number from 0 to 100 or null' })
  .max(100, { error: 'must be a number from 0 to 100 or null' })
  .nullable()
  .default(null);

export const toolSchema = z.object({
  name: text(),
  category: text(),
  tagline: text(),
  entry: text('text such as "Free" or "$20/mo"'),
  community: communitySchema,
  url: absoluteUrl.optional(),
  logo: httpsUrl.optional(),
  description: optionalText,
  previously: optionalText,
});

export const reviewSchema = z.object({
  lens: text('a reviewer id from reviewers.yaml'),
  tool: text("one of the two tools' names"),
  verdict: z.enum(['ship', 'skip'], { error: 'must be "ship" or "skip"' }),
  quote: text('plain text'),
  highlight: z.boolean({ error: 'must be true or false' }).optional(),
});

export const comparisonFrontmatterSchema = z.object({
  title: text(),
  slug: slugSchema.optional(),
  published: publishedSchema,
  draft: z.boolean({ error: 'must be true or false' }).default(false),
  url: absoluteUrl.optional(),
  summary: optionalText,
  tools: z
    .array(toolSchema, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a list') })
    .length(2, { error: 'must list exactly two tools' }),
  reviews: z.array(reviewSchema, { error: 'must be a list' }).nullable().default([]),
});
export type ComparisonFrontmatter = z.infer<typeof comparisonFrontmatterSchema>;

export const reviewersSchema = z
  .array(z.object({ id: slugSchema, name: text(), lens: text() }), {
    error: 'must be a list of reviewers, each with id, name and lens',
  })
  .min(1, { error: 'must list at least one reviewer' });

const slugList = z.array(slugSchema, { error: 'must be a list of slugs' }).default([]);

export const issueNoteSchema = z.object({
  subject: optionalText,
  preheader: optionalText,
  featured: slugSchema.optional(),
  exclude: slugList,
  include: slugList,
});

/** `tools[1].community` from zod's path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
