import { stringify } from 'csv-stringify/sync';
import type { EditionFigures } from '../store/engagement/edition-stats.ts';
import { engagementRates, percent } from '../store/engagement/rates.ts';
import { neutralizeFormula } from '../subscribers/csv-formula.ts';

/** Said wherever an open figure is shown. */
export const OPENS_CAVEAT =
  'opens are inflated: Apple Mail Privacy Protection and other clients fetch images (the open pixel) without a reader';

/** An edition's figures with their rates, as `--json` prints them. */
export function withRates(figures: EditionFigures) {
  return { ...figures, rates: engagementRates(figures) };
}

const COLUMNS = ['week', 'sent', 'delivered', 'bounced', 'complained', 'unsub', 'opened*', 'clicked'];
const RATE_COLUMNS = ['deliv%', 'open%*', 'click%', 'click/open'];

/** The last editions, one line each, newest first. Pure. */
export function editionsTable(editions: readonly EditionFigures[]): string[] {
  if (editions.length === 0) return ['no editions sent yet'];
  const rows = editions.map((e) => {
    const rates = engagementRates(e);
    return [
      e.week,
      ...[e.sent, e.delivered, e.bounced, e.complained, e.unsubscribed, e.opened, e.clicked].map(String),
      ...[rates.delivery, rates.open, rates.click, rates.clickToOpen].map(percent),
    ];
  });
  const header = [...COLUMNS, ...RATE_COLUMNS];
  const widths = header.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line), `* ${OPENS_CAVEAT}`];
}

/** One edition in detail: totals with rates, comparisons ranked by readers who clicked, links. Pure. */
export function editionDetail(e: EditionFigures): string[] {
  const rates = engagementRates(e);
  const lines = [
    `${e.week}: ${e.subject}`,
    `  sent         ${e.sent}`,
    `  delivered    ${e.delivered} (${percent(rates.delivery)} of sent)`,
    `  bounced      ${e.bounced} (hard or soft)`,
    `  complained   ${e.complained}`,
    `  unsubscribed ${e.unsubscribed} (counted against the last edition each reader received)`,
    `  opened       ${e.opened} (${percent(rates.open)} of delivered)*`,
    `  clicked      ${e.clicked} (${percent(rates.click)} of delivered, ${percent(rates.clickToOpen)} of opened)`,
    `* ${OPENS_CAVEAT}`,
    '',
    'comparisons by readers who clicked:',
  ];
  for (const comparison of e.comparisons) {
    lines.push(`  ${String(comparison.clicked).padStart(6)}  ${comparison.title} (${comparison.slug})`);
    for (const tool of comparison.tools) lines.push(`  ${String(tool.clicked).padStart(6)}    ${tool.name}`);
  }
  if (e.comparisons.length === 0) lines.push('  (none recorded for this edition)');
  lines.push('', 'links (clicks, readers who clicked):');
  for (const link of e.links ?? []) {
    lines.push(`  ${String(link.clicks).padStart(6)}  ${String(link.clickers).padStart(6)}  ${link.url}`);
  }
  if ((e.links ?? []).length === 0) lines.push('  (no clicks yet)');
  return lines;
}

const COUNT_KEYS = ['sent', 'delivered', 'bounced', 'complained', 'unsubscribed', 'opened', 'clicked'];
const RATE_KEYS = ['delivery', 'open', 'click', 'clickToOpen'];

/** `--csv`: one row per edition, rates as fractions (empty when there is no divisor). Pure. */
export function editionsCsv(editions: readonly EditionFigures[]): string {
  const columns = [
    { key: 'week', header: 'week' },
    ...COUNT_KEYS.map((key) => ({ key, header: key })),
    ...RATE_KEYS.map((key) => ({ key, header: `${key}_rate` })),
  ];
  return stringify(
    editions.map((e) => ({ ...e, ...engagementRates(e) })),
    { header: true, columns },
  );
}

/** `--week … --csv`: the comparisons, their tools and the links, one row each. Pure. */
export function detailCsv(e: EditionFigures): string {
  const rows: (string | number)[][] = [];
  for (const c of e.comparisons) {
    rows.push(['comparison', c.slug, '', '', c.clicked, c.clicked]);
    for (const tool of c.tools) rows.push(['tool', c.slug, tool.name, '', tool.clicked, tool.clicked]);
  }
  for (const link of e.links ?? []) rows.push(['link', '', '', link.url, link.clicks, link.clickers]);
  const safe = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)),
  );
  return stringify([['kind', 'comparison', 'tool', 'url', 'clicks', 'clickers'], ...safe]);
}
