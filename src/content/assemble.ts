import { DateTime } from 'luxon';
import type { Comparison, ContentProblem, IssueNote } from './types.ts';
import { type IsoWeek, weekContains } from './week.ts';

/** The comparisons of one week's issue, in digest order, with the featured one marked. */
export interface AssembledWeek {
  week: IsoWeek;
  comparisons: Comparison[];
  featured?: string | undefined;
  note?: IssueNote | undefined;
  problems: ContentProblem[];
}

/**
 * Non-draft comparisons published in the week, plus the note's `include`, minus its `exclude`; the featured
 * one first, the rest newest first (ties by slug, so the order never depends on the file system).
 */
export function assembleWeek(all: readonly Comparison[], week: IsoWeek, note?: IssueNote): AssembledWeek {
  const problems: ContentProblem[] = [];
  const bySlug = new Map(all.map((comparison) => [comparison.slug, comparison]));
  const chosen = new Map<string, Comparison>();
  for (const comparison of all) {
    if (!comparison.draft && weekContains(week, DateTime.fromISO(comparison.publishedAt))) {
      chosen.set(comparison.slug, comparison);
    }
  }
  if (note) {
    note.include.forEach((slug, index) => {
      const comparison = bySlug.get(slug);
      if (!comparison) {
        problems.push(unknownSlug(note, `include[${index}]`, slug));
      } else if (comparison.draft) {
        problems.push({
          file: note.file,
          field: `include[${index}]`,
          message: `"${slug}" is a draft; drafts are never sent`,
        });
      } else {
        chosen.set(slug, comparison);
      }
    });
    note.exclude.forEach((slug, index) => {
      if (!bySlug.has(slug)) problems.push(unknownSlug(note, `exclude[${index}]`, slug));
      chosen.delete(slug);
    });
  }
  const ordered = [...chosen.values()].sort(newestFirst);
  let featured: string | undefined;
  if (note?.featured) {
    const index = ordered.findIndex((comparison) => comparison.slug === note.featured);
    if (index === -1) {
      problems.push({
        file: note.file,
        field: 'featured',
        message: bySlug.has(note.featured)
          ? `"${note.featured}" is not in this week's issue (add it to include, or check exclude)`
          : `no comparison has the slug "${note.featured}"`,
      });
    } else {
      featured = note.featured;
      ordered.unshift(...ordered.splice(index, 1));
    }
  }
  return { week, comparisons: ordered, featured, note, problems };
}

function newestFirst(a: Comparison, b: Comparison): number {
  const byTime = DateTime.fromISO(b.publishedAt).toMillis() - DateTime.fromISO(a.publishedAt).toMillis();
  return byTime !== 0 ? byTime : a.slug.localeCompare(b.slug);
}

function unknownSlug(note: IssueNote, field: string, slug: string): ContentProblem {
  return { file: note.file, field, message: `no comparison has the slug "${slug}"` };
}
