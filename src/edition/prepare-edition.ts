import { type AssembledWeek, assembleWeek } from '../content/assemble.ts';
import { loadIssueNote } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import type { ContentProblem, ContentSet } from '../content/types.ts';
import { type IsoWeek, resolveWeek } from '../content/week.ts';
import { buildDigest } from '../render/build-digest.ts';
import type { Digest } from '../render/digest-model.ts';
import { renderDigestText } from '../render/digest-text.ts';
import { renderDigestHtml } from '../render/render-digest.ts';
import type { RenderedEdition } from '../send/personalize.ts';

export interface EditionSource {
  contentDir: string;
  issuesDir: string;
  siteUrl: string;
  publicUrl: string;
  postalAddress: string;
  timezone: string;
}

export interface PreparedEdition {
  week: IsoWeek;
  assembled: AssembledWeek;
  digest: Digest;
  rendered: RenderedEdition;
  content: ContentSet;
  /** Every problem in the content folder and in this week's note. */
  problems: ContentProblem[];
}

export class WeekError extends Error {
  override name = 'WeekError';
}

/**
 * content files → assembled week → digest model → HTML + text, rendered once with recipient
 * placeholders. Throws WeekError for a bad `--week`; content problems are returned, not thrown.
 */
export async function prepareEdition(
  source: EditionSource,
  weekValue: string,
  now: Date,
): Promise<PreparedEdition> {
  const week = resolveWeek(weekValue, now, source.timezone);
  if ('error' in week) throw new WeekError(`--week: ${week.error}`);
  const content = loadContent(source.contentDir, { siteUrl: source.siteUrl, timezone: source.timezone });
  const { note, problems: noteProblems } = loadIssueNote(source.issuesDir, week.id);
  const assembled = assembleWeek(content.comparisons, week, note);
  const digest = buildDigest(assembled, content.reviewers, {
    siteUrl: source.siteUrl,
    postalAddress: source.postalAddress,
  });
  const html = await renderDigestHtml(digest);
  const text = renderDigestText(digest);
  return {
    week,
    assembled,
    digest,
    rendered: { week: week.id, subject: digest.subject, preheader: digest.preheader, html, text },
    content,
    problems: [...content.problems, ...noteProblems, ...assembled.problems],
  };
}
