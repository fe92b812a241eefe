import { DateTime } from 'luxon';
import { assembleWeek } from '../content/assemble.ts';
import { loadAllIssueNotes } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import {
  formatWeekRange,
  type IsoWeek,
  nextWeek,
  previousWeek,
  weekContaining,
  weekContains,
} from '../content/week.ts';
import { formatDate, groupProblems, plural, relativeWeekLabel } from './edition-page.ts';
import type { PreviewSource } from './load-edition.ts';

/** Weeks before the current one that the index always lists, content or not. */
const RECENT_WEEKS = 4;
/** Older weeks with content are listed too, up to this many in all. */
const MAX_WEEKS = 16;

/** Everything templates/preview/index.hbs shows: recent, current and next weeks, and every draft. */
export function indexPage(ctx: PreviewSource) {
  const { files, contentDir, issuesDir, timezone } = ctx.source;
  const content = loadContent(files, contentDir, ctx.source);
  const notes = loadAllIssueNotes(files, issuesDir);
  const now = ctx.clock();
  const current = weekContaining(now, timezone);
  const weeks = new Map<string, IsoWeek>();
  const add = (week: IsoWeek) => weeks.set(week.id, week);
  add(nextWeek(current, timezone));
  add(current);
  let back = current;
  for (let i = 0; i < RECENT_WEEKS; i++) {
    back = previousWeek(back, timezone);
    add(back);
  }
  for (const comparison of content.comparisons)
    add(weekContaining(DateTime.fromISO(comparison.publishedAt), timezone));
  const listed = [...weeks.values()]
    .sort((a, b) => b.start.toMillis() - a.start.toMillis())
    .slice(0, MAX_WEEKS);
  const drafts = content.comparisons.filter((comparison) => comparison.draft);
  return {
    title: 'Weeks',
    currentWeek: current.id,
    problems: groupProblems([...content.problems, ...notes.problems]),
    problemCount: content.problems.length + notes.problems.length,
    weeks: listed.map((week) => {
      const note = notes.notes.find((candidate) => candidate.week === week.id);
      const assembled = assembleWeek(content.comparisons, week, note);
      const weekDrafts = drafts.filter((draft) => weekContains(week, DateTime.fromISO(draft.publishedAt)));
      return {
        id: week.id,
        href: `/week/${week.id}`,
        range: formatWeekRange(week),
        label: relativeWeekLabel(week, now, timezone),
        isCurrent: week.id === current.id,
        count: plural(assembled.comparisons.length, 'comparison'),
        empty: assembled.comparisons.length === 0 && weekDrafts.length === 0,
        noteFile: note?.file,
        problems: assembled.problems.length,
        comparisons: assembled.comparisons.map((comparison) => ({
          title: comparison.title,
          href: `/draft/${comparison.slug}`,
          published: formatDate(comparison.publishedAt, timezone),
          featured: comparison.slug === assembled.featured,
        })),
        drafts: weekDrafts.map((draft) => ({
          title: draft.title,
          href: `/draft/${draft.slug}`,
          published: formatDate(draft.publishedAt, timezone),
        })),
      };
    }),
    drafts: drafts.map((draft) => ({
      title: draft.title,
      file: draft.file,
      href: `/draft/${draft.slug}`,
      published: formatDate(draft.publishedAt, timezone),
      week: weekContaining(DateTime.fromISO(draft.publishedAt), timezone).id,
    })),
  };
}
