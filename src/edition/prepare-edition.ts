import { DateTime } from 'luxon';
import { type AssembledWeek, assembleWeek } from '../content/assemble.ts';
import type { ContentFiles } from '../content/content-files.ts';
import { loadIssueNote } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import { topicsOf } from '../content/topics.ts';
import type { ContentProblem, ContentSet } from '../content/types.ts';
import { type IsoWeek, resolveWeek, weekContaining } from '../content/week.ts';
import { buildDigest } from '../render/build-digest.ts';
import type { Digest } from '../render/digest-model.ts';
import { renderDigestText } from '../render/digest-text.ts';
import { renderDigestHtml } from '../render/render-digest.ts';
import { shownFacts } from '../render/shown-facts.ts';
import { DEFAULT_PREHEADER, DEFAULT_SUBJECT } from '../render/subject.ts';
import type { RenderedEdition } from '../send/personalize.ts';
import { readersVoted } from '../votes/readers-voted.ts';
import { lastShownBefore, NO_HISTORY, type SendHistory } from './send-history.ts';
import { WeekError } from './week-error.ts';

/** Where an edition's content comes from, and the settings it is rendered with. */
export interface EditionSource {
  /** The only way in to the content: the filesystem in the CLI, memory in tests. */
  files: ContentFiles;
  contentDir: string;
  issuesDir: string;
  siteUrl: string;
  publicUrl: string;
  postalAddress: string;
  timezone: string;
  /**
   * What sent editions showed, for the change lines, and what readers voted on the last one, for the
   * "Readers voted" section; none when absent.
   */
  history?: SendHistory | undefined;
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

/** Digest model → email HTML; the editor preview passes one that re-imports edited templates. */
export type DigestRenderer = (digest: Digest) => Promise<string>;

/**
 * content files → assembled week → digest model → HTML + text, rendered once with recipient
 * placeholders. Reads nothing but `source.files` and `source.history`. Throws WeekError for a bad `--week`; content problems
 * are returned, not thrown.
 */
export async function prepareEdition(
  source: EditionSource,
  weekValue: string,
  now: Date,
  renderHtml: DigestRenderer = renderDigestHtml,
): Promise<PreparedEdition> {
  const week = resolveWeek(weekValue, now, source.timezone);
  if ('error' in week) throw new WeekError(`--week: ${week.error}`);
  const content = loadContent(source.files, source.contentDir, source);
  const { note, problems: noteProblems } = loadIssueNote(source.files, source.issuesDir, week.id);
  const assembled = assembleWeek(content.comparisons, week, note);
  return renderAssembled(source, content, assembled, [...noteProblems, ...assembled.problems], renderHtml);
}

/**
 * One comparison on its own (a draft, before it is published) as a one-comparison digest for the week
 * it is dated in, with no issue note. Undefined when no valid comparison has the slug.
 */
export async function prepareComparisonEdition(
  source: EditionSource,
  slug: string,
  renderHtml: DigestRenderer = renderDigestHtml,
): Promise<{ content: ContentSet; prepared?: PreparedEdition | undefined }> {
  const content = loadContent(source.files, source.contentDir, source);
  const comparison = content.comparisons.find((candidate) => candidate.slug === slug);
  if (!comparison) return { content };
  const week = weekContaining(DateTime.fromISO(comparison.publishedAt), source.timezone);
  const assembled: AssembledWeek = { week, comparisons: [comparison], problems: [] };
  return { content, prepared: await renderAssembled(source, content, assembled, [], renderHtml) };
}

async function renderAssembled(
  source: EditionSource,
  content: ContentSet,
  assembled: AssembledWeek,
  weekProblems: ContentProblem[],
  renderHtml: DigestRenderer,
): Promise<PreparedEdition> {
  const tools = assembled.comparisons.flatMap((comparison) => comparison.tools);
  const lastShown = await lastShownBefore(source.history ?? NO_HISTORY, assembled.week.id, tools);
  const settings = {
    siteUrl: source.siteUrl,
    postalAddress: source.postalAddress,
    // `verdicts serve` publishes every sent issue at /archive/<week>: the email's "view in browser".
    archiveBaseUrl: `${source.publicUrl}/archive`,
    voteUrl: `${source.publicUrl}/vote`,
  };
  const voted = readersVoted((await source.history?.readerVotes?.(assembled.week.id)) ?? []);
  const built = buildDigest(assembled, content.reviewers, settings, lastShown);
  const digest = voted.length > 0 ? { ...built, readersVoted: voted } : built;
  const html = await renderHtml(digest);
  const text = renderDigestText(digest);
  const week = assembled.week;
  return {
    week,
    assembled,
    digest,
    rendered: {
      week: week.id,
      subject: digest.subject,
      preheader: digest.preheader,
      html,
      text,
      facts: shownFacts(digest),
      source: {
        digest,
        subjectTemplate: assembled.note?.subject ?? DEFAULT_SUBJECT,
        preheaderTemplate: assembled.note?.preheader ?? DEFAULT_PREHEADER,
        topics: assembled.comparisons.map(topicsOf),
      },
    },
    content,
    problems: [...content.problems, ...weekProblems],
  };
}
