import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type BenchRow, fixed, median } from './lib/stats.ts';

/**
 * Node flags of the measured sender. A 2 MB young generation (V8's default is 16 MB per semi-space) keeps
 * RSS near what is live: at 100,000 subscribers it took peak RSS from 174 MB to 144 MB for ~7% more time.
 * Set BENCH_NODE_FLAGS='' to measure Node's defaults.
 */
export const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=2')
  .split(' ')
  .filter(Boolean);

const ADMIN_URL = process.env.WV_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function child(
  mode: 'setup' | 'prepare',
  url: string,
  arg: string,
  editionFile: string,
): { seconds: number; peakRssMb: number; holdMs: number; holdChecks: number } {
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, 'bin/run-ts.js', 'bench/lib/prepare-week-child.ts', mode, url, arg, editionFile],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function database(dialect: 'sqlite' | 'postgres', name: string) {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wv-prepare-'));
    return { url: join(dir, 'bench.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name}`) };
}

/** Prepares `runs` weeks on one database filled with `count` subscribers; each run in a fresh process. */
async function measure(dialect: 'sqlite' | 'postgres', count: number, runs: number) {
  const db = await database(dialect, `wv_bench_${count}`);
  const editionDir = mkdtempSync(join(tmpdir(), 'wv-edition-'));
  const editionFile = join(editionDir, 'edition.json');
  try {
    child('setup', db.url, String(count), editionFile);
    const results = [];
    for (let run = 0; run < runs; run++)
      results.push(child('prepare', db.url, `2027-W${String(run + 1).padStart(2, '0')}`, editionFile));
    return {
      seconds: median(results.map((r) => r.seconds)),
      rss: median(results.map((r) => r.peakRssMb)),
      holdShare: median(results.map((r) => r.holdMs / 1000 / r.seconds)),
      results,
    };
  } finally {
    rmSync(editionDir, { recursive: true, force: true });
    await db.drop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const small = await measure(dialect, 100_000, runs);
    const large = await measure(dialect, 1_000_000, runs);
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
        figure: `peak RSS at 1,000,000 ÷ at 100,000 subscribers (${dialect})`,
        value: `${fixed(growth, 2)}× (${fixed(small.rss, 0)} → ${fixed(large.rss, 0)} MB)`,
        target: 'flat (≤ 1.15×)',
        met: growth <= 1.15,
      },
    );
  }
  return rows;
}
