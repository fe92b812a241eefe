import type { Hono } from 'hono';
import { OPENS_CAVEAT } from '../cli/stats-report.ts';
import type { EditionFigures } from '../store/engagement/edition-stats.ts';
import { engagementRates, percent } from '../store/engagement/rates.ts';
import type { PreviewPages } from './pages.ts';
import { CHART_SERIES, ratesChart } from './rates-chart.ts';

/** The last editions' figures, newest first; undefined when nothing can be read (no database yet). */
export type EngagementSource = () => Promise<EditionFigures[] | undefined>;

/** What templates/preview/stats.hbs shows. Pure. */
export function statsPageModel(editions: readonly EditionFigures[]) {
  const rows = editions.map((e) => {
    const rates = engagementRates(e);
    return {
      ...e,
      deliveryRate: percent(rates.delivery),
      openRate: percent(rates.open),
      clickRate: percent(rates.click),
      clickToOpen: percent(rates.clickToOpen),
    };
  });
  const ranked = editions.map((e) => {
    const most = Math.max(1, ...e.comparisons.map((c) => c.clicked));
    return {
      week: e.week,
      subject: e.subject,
      clicked: e.clicked,
      comparisons: e.comparisons.map((c) => ({
        title: c.title,
        clicked: c.clicked,
        // Bars are relative to the edition's most-clicked comparison.
        width: Math.round((c.clicked / most) * 1000) / 10,
        tools: c.tools.map((t) => `${t.name} ${t.clicked}`).join(' · '),
      })),
    };
  });
  return {
    title: 'Stats',
    empty: editions.length === 0,
    rows,
    chart:
      editions.length > 0
        ? ratesChart([...editions].reverse(), 'wide') + ratesChart([...editions].reverse(), 'narrow')
        : '',
    series: CHART_SERIES,
    ranked,
    opensCaveat: OPENS_CAVEAT,
  };
}

/** `GET /stats`: what readers did with the last editions, read from the database on every request. */
export function registerStatsPage(app: Hono, pages: PreviewPages, source: EngagementSource | undefined) {
  app.get('/stats', async (c) => {
    const editions = (await source?.()) ?? [];
    return c.html(pages.page('stats', statsPageModel(editions)), 200, { 'Cache-Control': 'no-store' });
  });
}
