import { describe, expect, it } from 'vitest';
import { assembleWeek } from '../../src/content/assemble.ts';
import type { IssueNote } from '../../src/content/types.ts';
import { parseWeekId } from '../../src/content/week.ts';
import { makeComparison } from '../helpers/content-fixtures.ts';

const w48 = parseWeekId('2026-W48', 'UTC') as Exclude<ReturnType<typeof parseWeekId>, { error: string }>;
const note = (fields: Partial<IssueNote>): IssueNote => ({
  file: 'issues/2026-W48.md',
  week: '2026-W48',
  exclude: [],
  include: [],
  intro: '',
  ...fields,
});

const all = [
  makeComparison('monday', '2026-11-23T00:00:00.000Z'),
  makeComparison('wednesday', '2026-11-25T12:00:00.000Z'),
  makeComparison('sunday-late', '2026-11-29T23:59:00.000Z'),
  makeComparison('next-monday', '2026-11-30T00:00:00.000Z'),
  makeComparison('last-week', '2026-11-18T10:00:00.000Z'),
  makeComparison('a-draft', '2026-11-24T10:00:00.000Z', { draft: true }),
];

describe('assembling a week', () => {
  it('takes non-draft comparisons inside the week, newest first', () => {
    const week = assembleWeek(all, w48);
    expect(week.comparisons.map((c) => c.slug)).toEqual(['sunday-late', 'wednesday', 'monday']);
    expect(week.problems).toEqual([]);
  });

  it('applies include, exclude and featured from the issue note', () => {
    const week = assembleWeek(
      all,
      w48,
      note({ include: ['last-week'], exclude: ['wednesday'], featured: 'last-week' }),
    );
    expect(week.comparisons.map((c) => c.slug)).toEqual(['last-week', 'sunday-late', 'monday']);
    expect(week.featured).toBe('last-week');
  });

  it('never includes a draft and names unknown slugs in the note', () => {
    const week = assembleWeek(
      all,
      w48,
      note({ include: ['a-draft', 'ghost'], exclude: ['phantom'], featured: 'last-week' }),
    );
    expect(week.comparisons.map((c) => c.slug)).not.toContain('a-draft');
    expect(week.problems).toEqual([
      {
        file: 'issues/2026-W48.md',
        field: 'include[0]',
        message: '"a-draft" is a draft; drafts are never sent',
      },
      { file: 'issues/2026-W48.md', field: 'include[1]', message: 'no comparison has the slug "ghost"' },
      { file: 'issues/2026-W48.md', field: 'exclude[0]', message: 'no comparison has the slug "phantom"' },
      {
        file: 'issues/2026-W48.md',
        field: 'featured',
        message: '"last-week" is not in this week\'s issue (add it to include, or check exclude)',
      },
    ]);
  });

  it('breaks ties in publication time by slug, so the order never depends on the file system', () => {
    const tied = [
      makeComparison('b', '2026-11-24T09:00:00.000Z'),
      makeComparison('a', '2026-11-24T09:00:00.000Z'),
    ];
    expect(assembleWeek(tied, w48).comparisons.map((c) => c.slug)).toEqual(['a', 'b']);
  });
});
