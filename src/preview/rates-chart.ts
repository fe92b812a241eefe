import type { EditionFigures } from '../store/engagement/edition-stats.ts';
import { engagementRates, percent } from '../store/engagement/rates.ts';

/** A wide chart for desktops and a narrow one for phones (CSS shows one): text stays legible in both. */
export const CHART_LAYOUTS = {
  wide: { width: 880, height: 260, labels: 6 },
  narrow: { width: 400, height: 240, labels: 3 },
} as const;
const LEFT = 44;
const RIGHT = 16;
const TOP = 14;
const BOTTOM = 34;

/** The three rates drawn, each with a class (colour and dash pattern come from preview.css). */
export const CHART_SERIES = [
  { key: 'delivery', label: 'Delivered ÷ sent', className: 'rate-delivery' },
  { key: 'open', label: 'Opened ÷ delivered (inflated)', className: 'rate-open' },
  { key: 'click', label: 'Clicked ÷ delivered', className: 'rate-click' },
] as const;

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char,
  );

/**
 * Delivery, open and click rates over the editions (oldest first) as inline SVG: drawn on the server,
 * no script, scaled by its viewBox. A rate with no divisor leaves a gap. Pure.
 */
export function ratesChart(
  editions: readonly EditionFigures[],
  layout: keyof typeof CHART_LAYOUTS = 'wide',
): string {
  const { width: WIDTH, height: HEIGHT, labels } = CHART_LAYOUTS[layout];
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (i: number) =>
    editions.length === 1 ? LEFT + plotWidth / 2 : LEFT + (plotWidth * i) / (editions.length - 1);
  const y = (rate: number) => TOP + plotHeight * (1 - Math.min(rate, 1));
  const round = (n: number) => Math.round(n * 10) / 10;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${round(y(tick))}" y2="${round(y(tick))}"/>`,
      `<text class="axis" x="${LEFT - 6}" y="${round(y(tick)) + 4}" text-anchor="end">${tick * 100}%</text>`,
    );
  }
  // Labels counted back from the newest edition, which is always labelled.
  const every = Math.ceil(editions.length / labels);
  editions.forEach((edition, i) => {
    if ((editions.length - 1 - i) % every !== 0) return;
    // The first and last labels are anchored inwards, so neither is cut at the edge.
    const anchor =
      editions.length === 1 ? 'middle' : i === 0 ? 'start' : i === editions.length - 1 ? 'end' : 'middle';
    parts.push(
      `<text class="axis" x="${round(x(i))}" y="${HEIGHT - 12}" text-anchor="${anchor}">${escapeXml(edition.week)}</text>`,
    );
  });
  const rates = editions.map(engagementRates);
  for (const series of CHART_SERIES) {
    let path = '';
    let pen = 'M';
    rates.forEach((rate, i) => {
      const value = rate[series.key];
      if (value === null) {
        pen = 'M';
        return;
      }
      path += `${pen}${round(x(i))} ${round(y(value))} `;
      pen = 'L';
      parts.push(
        `<circle class="${series.className}" cx="${round(x(i))}" cy="${round(y(value))}" r="3.5"><title>${escapeXml(`${editions[i]?.week}: ${series.label} ${percent(value)}`)}</title></circle>`,
      );
    });
    if (path) parts.push(`<path class="${series.className}" d="${path.trim()}"/>`);
  }
  const label = `Delivery, open and click rates of the last ${editions.length} editions`;
  return `<svg class="rates-chart rates-${layout}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}">${parts.join('')}</svg>`;
}
