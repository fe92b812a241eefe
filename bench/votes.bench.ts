import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { voteToken } from '../src/subscribers/tokens.ts';
import { SETTINGS } from './lib/fixtures.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_VOTE_SECONDS ?? 8);
// The sample week's comparisons, in digest order.
const SLUGS = [
  'cursor-background-agents-vs-smolvlm2-2b',
  'qdrant-cloud-vs-pgvector',
  'browser-use-vs-stagehand',
  'whisper-large-v3-turbo-vs-deepgram-nova-3',
  'llamaindex-vs-haystack',
];

interface Result {
  rps: number;
  p99: number;
  non2xx: number;
  requests: number;
  votes: number;
  counted: number;
}

/** The n-th request: reader n mod R, and a comparison, tool and choice that vary, so votes are cast and changed. */
function votePath(n: number, readers: number, tokens: string[]): string {
  const reader = n % readers;
  const round = Math.floor(n / readers);
  const slug = SLUGS[(reader + round) % SLUGS.length]!;
  const tool = round % 2;
  const choice = (reader + Math.floor(round / 2)) % 3 === 0 ? 'skip' : 'ship';
  return `/vote?c=${slug}&t=${tool}&v=${choice}&token=${tokens[reader]}`;
}

async function once(): Promise<Result> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/lib/vote-server.ts'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`vote server exited with ${code}`)));
    });
  const [url, count] = (await next()).trim().split(' ');
  const readers = Number(count);
  // Subscriber ids are 1…R in the fresh database; 202647 is 2026-W47's edition number.
  const tokens = Array.from({ length: readers }, (_, i) => voteToken(SETTINGS.secret, i + 1, 202647));
  let n = 0;
  const result = await autocannon({
    url: url!,
    connections: 20,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (request: { path?: string }) => ({
          ...request,
          path: votePath(n++, readers, tokens),
          body: '',
        }),
      },
    ],
  });
  const counts = next();
  child.kill('SIGTERM');
  const { votes, counted } = JSON.parse(await counts) as { votes: number; counted: number };
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    requests: result.requests.total ?? 0,
    votes,
    counted,
  };
}

export async function run(): Promise<BenchRow[]> {
  const results: Result[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await once());
  if (results.some((r) => r.non2xx > 0))
    throw new Error(`non-2xx answers: ${results.map((r) => r.non2xx).join(', ')}`);
  // Every vote row is counted exactly once in the tallies, however often it was changed.
  if (results.some((r) => r.votes !== r.counted))
    throw new Error(`votes and tallies differ: ${results.map((r) => `${r.votes}/${r.counted}`).join(', ')}`);
  const rps = median(results.map((r) => r.rps));
  const p99 = median(results.map((r) => r.p99));
  const common = `autocannon, 20 connections, ${SECONDS} s, form POSTs of genuine vote links of 5,000 readers who were sent 2026-W47 (comparison, tool and choice varying, so votes are cast, repeated and changed: ${results.map((r) => `${r.votes.toLocaleString('en-US')} votes from ${r.requests.toLocaleString('en-US')} requests`).join('; ')}); each answers the tally page; per-client limiter off through the app's deps, per-reader limiter on`;
  return [
    {
      figure: 'POST /vote on SQLite at loopback: requests/s',
      value: fixed(rps, 0),
      target: '≥ 2,000 req/s',
      met: rps >= 2000,
      note: `runs: ${results.map((r) => fixed(r.rps, 0)).join(', ')}; ${common}`,
    },
    {
      figure: 'POST /vote on SQLite at loopback: p99 latency',
      value: `${fixed(p99, 0)} ms`,
      target: '≤ 30 ms',
      met: p99 <= 30,
      note: `runs: ${results.map((r) => fixed(r.p99, 0)).join(', ')} ms`,
    },
  ];
}
