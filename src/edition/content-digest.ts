import { DateTime } from 'luxon';
import { assembleWeek } from '../content/assemble.ts';
import type { ContentFiles } from '../content/content-files.ts';
import { loadAllIssueNotes } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import { weekContaining } from '../content/week.ts';
import { buildDigest } from '../render/build-digest.ts';
import type { Digest } from '../render/digest-model.ts';

export interface ContentDigestOptions {
  files: ContentFiles;
  contentDir: string;
  issuesDir: string;
  siteUrl: string;
  postalAddress: string;
  timezone: string;
}

/**
 * A realistic digest built from the content files, synchronously: the week with the most comparisons
 * among those with an issue note (or among all weeks when there are no notes). For React Email's
 * `email dev` preview props. Undefined when there is no valid comparison to show.
 */
export function digestFromContent(options: ContentDigestOptions): Digest | undefined {
  const content = loadContent(options.files, options.contentDir, options);
  const { notes } = loadAllIssueNotes(options.files, options.issuesDir);
  const weeks = new Map(
    content.comparisons
      .filter((comparison) => !comparison.draft)
      .map((comparison) => {
        const week = weekContaining(DateTime.fromISO(comparison.publishedAt), options.timezone);
        return [week.id, week] as const;
      }),
  );
  const candidates = [...weeks.values()].map((week) => {
    const note = notes.find((candidate) => candidate.week === week.id);
    return { note, assembled: assembleWeek(content.comparisons, week, note) };
  });
  const noted = candidates.filter((candidate) => candidate.note);
  const best = (noted.length > 0 ? noted : candidates).sort(
    (a, b) => b.assembled.comparisons.length - a.assembled.comparisons.length,
  )[0];
  if (!best || best.assembled.comparisons.length === 0) return undefined;
  return buildDigest(best.assembled, content.reviewers, options);
}
