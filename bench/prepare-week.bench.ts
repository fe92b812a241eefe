import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase } from './lib/bench-database.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

/**
 * Node flags of the measured sender. A 2 MB young generation (V8's default is 16 MB per semi-space) keeps
 * RSS near what is live: at 100,000 subscribers it took peak RSS from 174 MB to 144 MB for ~7% more time.
 * Set BENCH_NODE_FLAGS='' to measure Node's defaults.
 */
export const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=2')
  .split(' ')
  .filter(Boolean);

/** Distinct topic sets readers follow in the segmented run. */
const SEGMENTS = 8;

interface ChildRun {
  seconds: number;
  peakRssMb: number;
  holdMs: number;
  holdChecks: number;
  renders: number;
}

function child(
  mode: 'setup' | 'prepare',
  url: string,
  arg: string,
  editionFile: string,
  segments = 1,
): ChildRun {
  const out = execFileSync(
    process.execPath,
    [
      ...NODE_FLAGS,
      'bin/run-ts.js',
      'bench/lib/prepare-week-child.ts',
      mode,
      url,
      arg,
      editionFile,
      String(segments),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/**
 * Prepares `runs` weeks on one database per audience shape (`segments`: 1 = everyone reads the whole week,
 * n = readers follow n different topic sets), all filled with `count` subscribers. Runs alternate between
 * the shapes, so a slow moment of a noisy machine falls on both; each run is a fresh process.
 */
async function measure(dialect: 'sqlite' | 'postgres', count: number, runs: number, shapes: number[] = [1]) {
  const setups = [];
  try {
    for (const segments of shapes) {
      const db = await benchDatabase(dialect, `wv_bench_${count}_${segments}`);
      const editionDir = mkdtempSync(join(tmpdir(), 'wv-edition-'));
      setups.push({
        segments,
        db,
        editionDir,
        editionFile: join(editionDir, 'edition.json'),
        results: [] as ChildRun[],
      });
      child('setup', db.url, String(count), join(editionDir, 'edition.json'), segments);
    }
    for (let run = 0; run < runs; run++)
      for (const setup of setups)
        setup.results.push(
          child(
            'prepare',
            setup.db.url,
            `2027-W${String(run + 1).padStart(2, '0')}`,
            setup.editionFile,
            setup.segments,
          ),
        );
    return setups.map(({ segments, results }) => ({
      segments,
      seconds: median(results.map((r) => r.seconds)),
      rss: median(results.map((r) => r.peakRssMb)),
      holdShare: median(results.map((r) => r.holdMs / 1000 / r.seconds)),
      results,
    }));
  } finally {
    for (const setup of setups) {
      rmSync(setup.editionDir, { recursive: true, force: true });
      await setup.db.drop();
    }
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const [small] = await measure(dialect, 100_000, runs);
    const [large, split] = await measure(dialect, 1_000_000, runs, [1, SEGMENTS]);
    if (!small || !large || !split) throw new Error('a measurement is missing');
    const splitCost = split.seconds / large.seconds;
    const growth = large.rss / small.rss;
    rows.push(
      {
        figure: `prepare a 1,000,000-subscriber week on ${dialect}: seconds`,
        value: fixed(large.seconds, 1),
        target: '≤ 30 s',
        met: large.seconds <= 30,
        note: `runs: ${large.results.map((r) => fixed(r.seconds, 1)).join(', ')} s; 100,000 subscribers: ${fixed(small.seconds, 1)} s; node flags: ${NODE_FLAGS.join(' ') || 'none'}`,
      },
      {
        figure: `prepare a 1,000,000-subscriber week on ${dialect}: peak RSS`,
        value: `${fixed(large.rss, 0)} MB`,
        target: '≤ 150 MB',
        met: large.rss <= 150,
        note: `runs: ${large.results.map((r) => fixed(r.peakRssMb, 0)).join(', ')} MB`,
      },
      {
        figure: `reputation-hold checks while preparing a 1,000,000-subscriber week on ${dialect}: share of the time`,
        value: `${fixed(large.holdShare * 100, 2)} %`,
        target: '< 1 %',
        met: large.holdShare < 0.01,
        note: `runs: ${large.results.map((r) => `${r.holdChecks} checks, ${fixed(r.holdMs, 0)} ms`).join('; ')}`,
      },
      {
        figure: `prepare a 1,000,000-subscriber week split into ${SEGMENTS} topic segments ÷ one segment (${dialect})`,
        value: `${fixed(splitCost, 2)}× (${fixed(large.seconds, 1)} → ${fixed(split.seconds, 1)} s)`,
        target: '≤ 1.5×',
        met: splitCost <= 1.5,
        note: `runs: ${split.results.map((r) => `${fixed(r.seconds, 1)} s, ${r.renders} renders, ${fixed(r.peakRssMb, 0)} MB`).join('; ')}`,
      },
      {
        figure: `renders while preparing a 1,000,000-subscriber week in ${SEGMENTS} segments (${dialect})`,
        value: String(median(split.results.map((r) => r.renders))),
        target: `${SEGMENTS} (one per segment)`,
        met: split.results.every((r) => r.renders === SEGMENTS),
      },
      {
        figure: `peak RSS at 1,000,000 ÷ at 100,000 subscribers (${dialect})`,
        value: `${fixed(growth, 2)}× (${fixed(small.rss, 0)} → ${fixed(large.rss, 0)} MB)`,
        target: 'flat (≤ 1.15×)',
        met: growth <= 1.15,
      },
    );
  }
  return rows;
}
