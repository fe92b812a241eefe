import { basename, join } from 'node:path';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ContentFiles } from './content-files.ts';
import { toolKey } from './derive.ts';
import { describeYamlError, parseYamlText, splitFrontmatter } from './frontmatter.ts';
import {
  comparisonFrontmatterSchema,
  DATE_ONLY,
  fieldPath,
  reviewersSchema,
  SLUG_PATTERN,
} from './schema.ts';
import type { Comparison, ContentProblem, ContentSet, Reviewer } from './types.ts';

export interface LoadOptions {
  /** Site base URL; comparison links default to `<siteUrl>/compare/<slug>`. */
  siteUrl: string;
  /** IANA zone in which date-only `published` values are read. */
  timezone: string;
}

/** Loads `reviewers.yaml` and every `comparisons/*.md` under `contentDir`, collecting all problems. */
export function loadContent(files: ContentFiles, contentDir: string, options: LoadOptions): ContentSet {
  const problems: ContentProblem[] = [];
  const reviewers = loadReviewers(files, join(contentDir, 'reviewers.yaml'), problems);
  const comparisons = loadComparisons(files, join(contentDir, 'comparisons'), reviewers, options, problems);
  return { comparisons, reviewers: reviewers ?? [], problems };
}

function loadReviewers(
  files: ContentFiles,
  file: string,
  problems: ContentProblem[],
): Reviewer[] | undefined {
  let raw: unknown;
  try {
    raw = parseYamlText(files.readText(file));
  } catch (error) {
    problems.push({ file, field: '', message: readProblem(error) });
    return undefined;
  }
  const result = reviewersSchema.safeParse(raw);
  if (!result.success) {
    problems.push(...zodProblems(file, result.error));
    return undefined;
  }
  const seen = new Set<string>();
  result.data.forEach((reviewer, index) => {
    if (seen.has(reviewer.id)) {
      problems.push({ file, field: `[${index}].id`, message: `"${reviewer.id}" is listed twice` });
    }
    seen.add(reviewer.id);
  });
  return result.data;
}

function loadComparisons(
  files: ContentFiles,
  dir: string,
  reviewers: Reviewer[] | undefined,
  options: LoadOptions,
  problems: ContentProblem[],
): Comparison[] {
  let names: string[];
  try {
    names = files
      .list(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
  } catch (error) {
    problems.push({ file: dir, field: '', message: readProblem(error) });
    return [];
  }
  const comparisons: Comparison[] = [];
  const fileBySlug = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const comparison = loadComparison(files, file, reviewers, options, problems);
    if (!comparison) continue;
    const other = fileBySlug.get(comparison.slug);
    if (other) {
      problems.push({ file, field: 'slug', message: `"${comparison.slug}" is already used by ${other}` });
      continue;
    }
    fileBySlug.set(comparison.slug, file);
    comparisons.push(comparison);
  }
  return comparisons;
}

/** Parses and validates one comparison file; pushes every problem and returns undefined if any. */
export function loadComparison(
  files: ContentFiles,
  file: string,
  reviewers: Reviewer[] | undefined,
  options: LoadOptions,
  problems: ContentProblem[],
): Comparison | undefined {
  let data: unknown;
  let body: string;
  try {
    ({ data, body } = splitFrontmatter(files.readText(file)));
  } catch (error) {
    problems.push({ file, field: '', message: readProblem(error) });
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Object.keys(data).length === 0) {
    problems.push({ file, field: '', message: 'has no YAML frontmatter between --- lines' });
    return undefined;
  }
  const result = comparisonFrontmatterSchema.safeParse(data);
  const before = problems.length;
  if (!result.success) problems.push(...zodProblems(file, result.error));
  // Cross-field rules run on the raw data too, so one run reports every problem in the file.
  problems.push(...crossCheck(file, data as Record<string, unknown>, reviewers));
  if (!result.success) return undefined;
  const fm = result.data;
  const [first, second] = fm.tools as [(typeof fm.tools)[number], (typeof fm.tools)[number]];
  const reviews = fm.reviews ?? [];
  const slug = fm.slug ?? basename(file, '.md');
  if (!fm.slug && !SLUG_PATTERN.test(slug)) {
    problems.push({
      file,
      field: 'slug',
      message: `the file name "${slug}" is not a valid slug; rename the file or set slug (lowercase letters, digits, hyphens)`,
    });
  }
  const publishedAt = publishedInstant(fm.published, options.timezone);
  if (!publishedAt) {
    problems.push({ file, field: 'published', message: `"${fm.published}" is not a real date or time` });
  }
  if (problems.length > before || !publishedAt) return undefined;
  return {
    file,
    slug,
    title: fm.title,
    published: fm.published,
    publishedAt,
    draft: fm.draft,
    url: fm.url ?? `${options.siteUrl.replace(/\/+$/, '')}/compare/${slug}`,
    summary: fm.summary,
    tools: [first, second],
    reviews,
    notes: body.trim(),
  };
}

/**
 * Rules across fields: distinct tool names, `previously` other than the tool's own name, reviews naming a
 * listed tool and a known lens.
 */
function crossCheck(
  file: string,
  data: Record<string, unknown>,
  reviewers: Reviewer[] | undefined,
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const tools = Array.isArray(data.tools) ? data.tools : [];
  const names = tools.map((tool) =>
    tool && typeof tool === 'object' ? (tool as { name?: unknown }).name : undefined,
  );
  const [first, second] = names;
  if (typeof first === 'string' && first.trim() !== '' && first === second) {
    problems.push({ file, field: 'tools[1].name', message: `must differ from tools[0].name ("${first}")` });
  }
  tools.forEach((tool, index) => {
    const { name, previously } = (tool ?? {}) as { name?: unknown; previously?: unknown };
    if (typeof name !== 'string' || typeof previously !== 'string' || previously.trim() === '') return;
    if (toolKey(previously) === toolKey(name)) {
      problems.push({
        file,
        field: `tools[${index}].previously`,
        message: `must be an earlier name, not the tool's own name ("${name.trim()}")`,
      });
    }
  });
  const reviews = Array.isArray(data.reviews) ? data.reviews : [];
  reviews.forEach((review, index) => {
    if (!review || typeof review !== 'object') return;
    const { tool, lens } = review as { tool?: unknown; lens?: unknown };
    const toolNames = names.filter((name): name is string => typeof name === 'string');
    if (typeof tool === 'string' && toolNames.length === 2 && !toolNames.includes(tool.trim())) {
      problems.push({
        file,
        field: `reviews[${index}].tool`,
        message: `"${tool}" must equal one of the two tools' names: ${toolNames.map((n) => `"${n}"`).join(' or ')}`,
      });
    }
    if (typeof lens === 'string' && reviewers && !reviewers.some((reviewer) => reviewer.id === lens.trim())) {
      problems.push({
        file,
        field: `reviews[${index}].lens`,
        message: `"${lens}" is not in reviewers.yaml (known: ${reviewers.map((r) => r.id).join(', ')})`,
      });
    }
  });
  return problems;
}

/** UTC ISO instant of a `published` value; dates are midnight in the site timezone. */
export function publishedInstant(published: string, timezone: string): string | undefined {
  const parsed = DATE_ONLY.test(published)
    ? DateTime.fromISO(published, { zone: timezone })
    : DateTime.fromISO(published, { setZone: true });
  return parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
}

export function zodProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({ file, field: fieldPath(issue.path), message: issue.message }));
}

function readProblem(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT')
    return 'file not found';
  if (error && typeof error === 'object' && 'name' in error && String(error.name).startsWith('YAML')) {
    return describeYamlError(error);
  }
  return error instanceof Error ? describeYamlError(error) : String(error);
}
