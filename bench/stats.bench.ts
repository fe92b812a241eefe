import { execFileSync } from 'node:child_process';
import { benchDatabase } from './lib/bench-database.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const RECIPIENTS = Number(process.env.BENCH_STATS_RECIPIENTS ?? 1_000_000);
/** Fresh processes per dialect, each answering `stats --week` QUERIES times. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const QUERIES = 5;

function child(args: string[]): string {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/lib/engagement-child.ts', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return out.trim().split('\n').at(-1)!;
}

/** One dialect: the edition and its events written once, then `stats --week` asked in fresh processes. */
async function measure(dialect: 'sqlite' | 'postgres') {
  const db = await benchDatabase(dialect, 'wv_bench_stats');
  try {
    const setup = JSON.parse(child(['setup', db.url, String(RECIPIENTS)])) as {
      seconds: number;
      events: number;
    };
    const first: number[] = [];
    const warm: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { times } = JSON.parse(child(['query', db.url, String(QUERIES)])) as { times: number[] };
      first.push(times[0]!);
      warm.push(median(times.slice(1)));
      // The whole command as an operator runs it, start-up included.
      const started = performance.now();
      execFileSync(process.execPath, ['bin/verdicts.js', 'stats', '--week', '2026-W47', '--json'], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      cli.push(performance.now() - started);
    }
    return { setup, first, warm, cli };
  } finally {
    await db.drop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const { setup, first, warm, cli } = await measure(dialect);
    const ms = median(first);
    rows.push(
      {
        figure: `stats --week for a ${RECIPIENTS.toLocaleString('en-US')}-recipient edition on ${dialect}: first answer`,
        value: `${fixed(ms, 0)} ms`,
        target: '< 1 s',
        met: ms < 1000,
        note: `runs: ${first.map((t) => fixed(t, 0)).join(', ')} ms, each the first question of a fresh process (opening the store, the figures with links, JSON); warm answers after it ${warm.map((t) => fixed(t, 1)).join(', ')} ms; ${setup.events.toLocaleString('en-US')} events (written in bulk SQL in ${fixed(setup.seconds, 0)} s, counters as the webhook keeps them)`,
      },
      {
        figure: `verdicts stats --week --json, whole command (${dialect})`,
        value: `${fixed(median(cli) / 1000, 2)} s`,
        target: 'informational',
        met: true,
        note: `runs: ${cli.map((t) => fixed(t / 1000, 2)).join(', ')} s: node start-up and loading the CLI through tsx (~2 s for any command) plus the answer above`,
      },
    );
  }
  return rows;
}
