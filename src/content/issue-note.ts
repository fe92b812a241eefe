import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ContentFiles } from './content-files.ts';
import { describeYamlError, splitFrontmatter } from './frontmatter.ts';
import { zodProblems } from './load.ts';
import { issueNoteSchema } from './schema.ts';
import type { ContentProblem, IssueNote } from './types.ts';

const WEEK_FILE = /^(\d{4}-W\d{2})\.md$/;

/** Reads `issues/<week>.md` when it exists. */
export function loadIssueNote(
  files: ContentFiles,
  issuesDir: string,
  week: string,
): { note?: IssueNote | undefined; problems: ContentProblem[] } {
  const file = join(issuesDir, `${week}.md`);
  if (!files.exists(file)) return { problems: [] };
  return parseIssueNote(file, week, files.readText(file));
}

/** Validates every note in the folder (for `verdicts check`); a missing folder is fine. */
export function loadAllIssueNotes(
  files: ContentFiles,
  issuesDir: string,
): { notes: IssueNote[]; problems: ContentProblem[] } {
  if (!files.exists(issuesDir)) return { notes: [], problems: [] };
  const notes: IssueNote[] = [];
  const problems: ContentProblem[] = [];
  for (const name of files.list(issuesDir).sort()) {
    if (!name.endsWith('.md') || name.toLowerCase() === 'readme.md') continue;
    const file = join(issuesDir, name);
    const match = WEEK_FILE.exec(name);
    if (!match?.[1]) {
      problems.push({ file, field: '', message: 'file name must be an ISO week such as 2026-W48.md' });
      continue;
    }
    const result = parseIssueNote(file, match[1], files.readText(file));
    problems.push(...result.problems);
    if (result.note) notes.push(result.note);
  }
  return { notes, problems };
}

export function parseIssueNote(
  file: string,
  week: string,
  source: string,
): { note?: IssueNote | undefined; problems: ContentProblem[] } {
  let data: unknown;
  let body: string;
  try {
    ({ data, body } = splitFrontmatter(source));
  } catch (error) {
    return { problems: [{ file, field: '', message: describeYamlError(error) }] };
  }
  const raw = (data ?? {}) as Record<string, unknown>;
  const problems: ContentProblem[] = [];
  const result = issueNoteSchema.safeParse(raw);
  if (!result.success) problems.push(...zodProblems(file, result.error));
  // Template syntax is checked even when other fields are wrong, so one run lists everything.
  for (const field of ['subject', 'preheader'] as const) {
    const template = raw[field];
    if (typeof template !== 'string') continue;
    const error = templateError(template);
    if (error) problems.push({ file, field, message: `is not a valid Handlebars template: ${error}` });
  }
  if (!result.success || problems.length > 0) return { problems };
  return {
    note: { file, week, ...result.data, intro: body.trim() },
    problems,
  };
}

function templateError(template: string): string | undefined {
  try {
    Handlebars.precompile(template);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
