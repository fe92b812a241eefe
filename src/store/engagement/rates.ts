/** Rates derived from an edition's figures; null when the divisor is zero. */
export interface EngagementRates {
  /** delivered ÷ sent */
  delivery: number | null;
  /** opened ÷ delivered (inflated by clients that prefetch images) */
  open: number | null;
  /** clicked ÷ delivered */
  click: number | null;
  /** clicked ÷ opened */
  clickToOpen: number | null;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Pure. */
export function engagementRates(figures: {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
}): EngagementRates {
  return {
    delivery: ratio(figures.delivered, figures.sent),
    open: ratio(figures.opened, figures.delivered),
    click: ratio(figures.clicked, figures.delivered),
    clickToOpen: ratio(figures.clicked, figures.opened),
  };
}

/** "42.5%", or "—" for a rate that has no divisor yet. */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
