/** The median of a list of numbers (the figure every benchmark reports on this noisy 2-core machine). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One printed row: what was measured, the figure, the target and whether it was met. */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  met: boolean | undefined;
  note?: string | undefined;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'median', 'target', 'met'];
  const cells = rows.map((r) => [
    r.figure,
    r.value,
    r.target,
    r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.figure}: ${r.note}`);
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

export function fixed(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
