import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchRow, formatTable } from './lib/stats.ts';

/** `npm run bench [name…]`: runs bench/*.bench.ts (or the named ones) and prints one table. */
const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
  .sort();
const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const started = performance.now();
  const module = (await import(pathToFileURL(resolve('bench', file)).href)) as { run(): Promise<BenchRow[]> };
  rows.push(...(await module.run()));
  process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(
  `weekly-verdicts benchmarks — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`,
);
console.log(formatTable(rows));
