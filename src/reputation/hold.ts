/**
 * A reputation hold (Resend's acceptable-use policy: complaint rate under 0.08 %, bounce rate under 4 %):
 * an edition whose complaints or hard bounces went past a threshold keeps the next emails from going out
 * until an operator decides.
 */
export interface Hold {
  /** The edition whose rate is too high. */
  week: string;
  reason: 'complaint rate' | 'bounce rate';
  /** Percent. */
  rate: number;
  /** Percent. */
  threshold: number;
  /** Complaints, or hard bounces. */
  count: number;
  /** Delivered emails (for complaints) or sent ones (for bounces): what the rate is a share of. */
  base: number;
}

export interface HoldThresholds {
  /** Percent of delivered emails (HOLD_COMPLAINT_RATE). */
  complaintRate: number;
  /** Percent of sent emails (HOLD_BOUNCE_RATE). */
  bounceRate: number;
  /** A rate counts only once its base holds this many emails (HOLD_MIN_SENT). */
  minSent: number;
}

/** What the provider told us about one edition. */
export interface EditionHealth {
  week: string;
  sent: number;
  delivered: number;
  complaints: number;
  hardBounces: number;
}

/** The first edition (in the order given) whose complaint or bounce rate is above its threshold. */
export function findHold(editions: readonly EditionHealth[], thresholds: HoldThresholds): Hold | undefined {
  for (const edition of editions) {
    const complaints = rateOf(edition.complaints, edition.delivered);
    if (edition.delivered >= thresholds.minSent && complaints > thresholds.complaintRate) {
      return {
        week: edition.week,
        reason: 'complaint rate',
        rate: complaints,
        threshold: thresholds.complaintRate,
        count: edition.complaints,
        base: edition.delivered,
      };
    }
    const bounces = rateOf(edition.hardBounces, edition.sent);
    if (edition.sent >= thresholds.minSent && bounces > thresholds.bounceRate) {
      return {
        week: edition.week,
        reason: 'bounce rate',
        rate: bounces,
        threshold: thresholds.bounceRate,
        count: edition.hardBounces,
        base: edition.sent,
      };
    }
  }
  return undefined;
}

function rateOf(count: number, base: number): number {
  return base === 0 ? 0 : (count / base) * 100;
}

/** One sentence for the operator: the edition, the rate, the counts and the threshold. */
export function describeHold(hold: Hold): string {
  const what = hold.reason === 'complaint rate' ? ['complaints', 'delivered'] : ['hard bounces', 'sent'];
  const variable = hold.reason === 'complaint rate' ? 'HOLD_COMPLAINT_RATE' : 'HOLD_BOUNCE_RATE';
  return (
    `${hold.week}'s ${hold.reason} is ${percent(hold.rate)} (${hold.count} ${what[0]} of ${hold.base} ${what[1]}), ` +
    `above ${variable} ${percent(hold.threshold)}`
  );
}

function percent(value: number): string {
  return `${Number(value.toFixed(value < 1 ? 3 : 2))} %`;
}
