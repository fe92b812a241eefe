import { DateTime, IANAZone } from 'luxon';

/** An ISO week such as `2026-W48`, with its bounds in the site timezone. */
export interface IsoWeek {
  id: string;
  /** Monday 00:00 in the site timezone. */
  start: DateTime;
  /** The following Monday 00:00 in the site timezone (exclusive end). */
  end: DateTime;
}

const WEEK_ID = /^(\d{4})-W(\d{2})$/;

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The ISO week that contains `instant`, computed in `zone`. */
export function weekContaining(instant: Date | DateTime, zone: string): IsoWeek {
  const local = (instant instanceof Date ? DateTime.fromJSDate(instant) : instant).setZone(zone);
  return weekFromParts(local.weekYear, local.weekNumber, zone);
}

/** Parses `2026-W48`; returns an error message naming the value when it is not a real ISO week. */
export function parseWeekId(id: string, zone: string): IsoWeek | { error: string } {
  const match = WEEK_ID.exec(id);
  if (!match) return { error: `"${id}" is not an ISO week like 2026-W48, "latest" or "current"` };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const probe = DateTime.fromObject({ weekYear: year, weekNumber: week, weekday: 1 }, { zone });
  if (week < 1 || !probe.isValid || probe.weekYear !== year || probe.weekNumber !== week) {
    return { error: `"${id}" does not exist: ${year} has ${weeksInYear(year)} ISO weeks` };
  }
  return weekFromParts(year, week, zone);
}

/**
 * Resolves a `--week` value: an ISO week id, `current` (the week containing now) or `latest` (the last
 * complete week, i.e. the one before the current week).
 */
export function resolveWeek(value: string, now: Date, zone: string): IsoWeek | { error: string } {
  if (value === 'current') return weekContaining(now, zone);
  if (value === 'latest') return previousWeek(weekContaining(now, zone), zone);
  return parseWeekId(value, zone);
}

export function previousWeek(week: IsoWeek, zone: string): IsoWeek {
  return weekContaining(week.start.minus({ days: 3 }), zone);
}

export function nextWeek(week: IsoWeek, zone: string): IsoWeek {
  return weekContaining(week.end.plus({ days: 3 }), zone);
}

/** True when `instant` falls from Monday 00:00 (inclusive) to the next Monday 00:00 (exclusive). */
export function weekContains(week: IsoWeek, instant: DateTime): boolean {
  const ms = instant.toMillis();
  return ms >= week.start.toMillis() && ms < week.end.toMillis();
}

/** "23–29 November 2026", "30 November – 6 December 2026", "28 December 2026 – 3 January 2027". */
export function formatWeekRange(week: IsoWeek): string {
  const first = week.start;
  const last = week.end.minus({ days: 1 });
  if (first.year !== last.year) return `${first.toFormat('d LLLL yyyy')} – ${last.toFormat('d LLLL yyyy')}`;
  if (first.month !== last.month) return `${first.toFormat('d LLLL')} – ${last.toFormat('d LLLL yyyy')}`;
  return `${first.toFormat('d')}–${last.toFormat('d LLLL yyyy')}`;
}

function weekFromParts(weekYear: number, weekNumber: number, zone: string): IsoWeek {
  const start = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone, locale: 'en-GB' }).startOf(
    'day',
  );
  // plus({weeks: 1}) keeps local wall time, so a DST change inside the week still ends at Monday 00:00.
  const end = start.plus({ weeks: 1 });
  return { id: `${weekYear}-W${String(weekNumber).padStart(2, '0')}`, start, end };
}

function weeksInYear(year: number): number {
  return DateTime.fromObject({ year, month: 12, day: 28 }).weekNumber;
}
