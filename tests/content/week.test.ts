import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { publishedInstant } from '../../src/content/load.ts';
import {
  formatWeekRange,
  parseWeekId,
  resolveWeek,
  weekContaining,
  weekContains,
} from '../../src/content/week.ts';

function week(id: string, zone: string) {
  const parsed = parseWeekId(id, zone);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

describe('ISO weeks in the site timezone', () => {
  it('runs from Monday 00:00 to the next Monday 00:00 local time', () => {
    const w48 = week('2026-W48', 'Europe/Berlin');
    expect(w48.start.toISO()).toBe('2026-11-23T00:00:00.000+01:00');
    expect(w48.end.toISO()).toBe('2026-11-30T00:00:00.000+01:00');
    expect(formatWeekRange(w48)).toBe('23–29 November 2026');
  });

  it('puts Sunday 23:59:59 in the week and Monday 00:00 in the next', () => {
    const w48 = week('2026-W48', 'America/New_York');
    const sundayLate = DateTime.fromISO('2026-11-29T23:59:59', { zone: 'America/New_York' });
    const mondayMidnight = DateTime.fromISO('2026-11-30T00:00:00', { zone: 'America/New_York' });
    expect(weekContains(w48, sundayLate)).toBe(true);
    expect(weekContains(w48, mondayMidnight)).toBe(false);
    expect(weekContaining(mondayMidnight, 'America/New_York').id).toBe('2026-W49');
  });

  it('assigns the same instant to different weeks in different zones', () => {
    // Sunday 23:30 UTC is already Monday in Berlin.
    const instant = new Date('2026-11-29T23:30:00Z');
    expect(weekContaining(instant, 'UTC').id).toBe('2026-W48');
    expect(weekContaining(instant, 'Europe/Berlin').id).toBe('2026-W49');
    expect(weekContaining(instant, 'America/Los_Angeles').id).toBe('2026-W48');
  });

  it('keeps midnight bounds across a DST change inside the week', () => {
    // Europe/Berlin leaves summer time on Sunday 25 October 2026: that week has 169 hours.
    const autumn = week('2026-W43', 'Europe/Berlin');
    expect(autumn.start.toISO()).toBe('2026-10-19T00:00:00.000+02:00');
    expect(autumn.end.toISO()).toBe('2026-10-26T00:00:00.000+01:00');
    expect(autumn.end.diff(autumn.start, 'hours').hours).toBe(169);
    // America/New_York springs forward on Sunday 8 March 2026: 167 hours.
    const spring = week('2026-W10', 'America/New_York');
    expect(spring.end.diff(spring.start, 'hours').hours).toBe(167);
    const lastHour = DateTime.fromISO('2026-03-08T23:30:00', { zone: 'America/New_York' });
    expect(weekContains(spring, lastHour)).toBe(true);
  });

  it('handles year ends: 2026 has 53 ISO weeks, 2027 has 52', () => {
    expect(week('2026-W53', 'UTC').start.toISODate()).toBe('2026-12-28');
    expect(formatWeekRange(week('2026-W53', 'UTC'))).toBe('28 December 2026 – 3 January 2027');
    expect(parseWeekId('2027-W53', 'UTC')).toEqual({
      error: '"2027-W53" does not exist: 2027 has 52 ISO weeks',
    });
    expect(weekContaining(new Date('2027-01-01T12:00:00Z'), 'UTC').id).toBe('2026-W53');
  });

  it('resolves current and latest (the last complete week) from now', () => {
    const mondayEarly = new Date('2026-11-30T06:30:00Z'); // 07:30 Monday in Berlin
    expect((resolveWeek('current', mondayEarly, 'Europe/Berlin') as { id: string }).id).toBe('2026-W49');
    expect((resolveWeek('latest', mondayEarly, 'Europe/Berlin') as { id: string }).id).toBe('2026-W48');
    // 23:30 on Sunday in Los Angeles: the week is not complete yet there.
    expect((resolveWeek('latest', mondayEarly, 'America/Los_Angeles') as { id: string }).id).toBe('2026-W47');
  });

  it('rejects malformed week values with a clear message', () => {
    expect(resolveWeek('2026-48', new Date(), 'UTC')).toEqual({
      error: '"2026-48" is not an ISO week like 2026-W48, "latest" or "current"',
    });
    expect(resolveWeek('2026-W00', new Date(), 'UTC')).toHaveProperty('error');
  });

  it('reads date-only published values at midnight in the site timezone', () => {
    expect(publishedInstant('2026-11-23', 'Europe/Berlin')).toBe('2026-11-22T23:00:00.000Z');
    expect(publishedInstant('2026-11-23T00:30:00+01:00', 'UTC')).toBe('2026-11-22T23:30:00.000Z');
    expect(publishedInstant('2026-02-30', 'UTC')).toBeUndefined();
  });
});
