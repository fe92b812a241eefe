import { CronExpressionParser } from 'cron-parser';

/** Validates a cron expression (5 fields, or 6 with seconds); returns an error message or undefined. */
export function cronError(expression: string, timezone: string): string | undefined {
  try {
    CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(0) });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The first scheduled time strictly after `after`, in the schedule's timezone. */
export function nextRunAfter(expression: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(expression, { tz: timezone, currentDate: after }).next().toDate();
}

/** The most recent scheduled time at or before `at`, or undefined if there is none. */
export function lastRunAtOrBefore(expression: string, timezone: string, at: Date): Date | undefined {
  // cron-parser's prev() is strictly before currentDate: nudge by 1 ms so a run exactly at `at` counts.
  const probe = new Date(at.getTime() + 1);
  try {
    return CronExpressionParser.parse(expression, { tz: timezone, currentDate: probe }).prev().toDate();
  } catch {
    return undefined;
  }
}
