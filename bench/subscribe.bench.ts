import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SUBSCRIBE_SECONDS ?? 8);
/** Distinct addresses the load cycles through: each new one is stored and gets a confirmation email. */
const ADDRESSES = Number(process.env.BENCH_SUBSCRIBE_ADDRESSES ?? 2_000);

interface Result {
  rps: number;
  p99: number;
  non2xx: number;
  drainMs: number;
  subscribers: number;
}

async function once(): Promise<Result> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/lib/subscribe-server.ts'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`subscribe server exited with ${code}`)));
    });
  const url = (await next()).trim();
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/subscribe`,
    connections: 20,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: { body?: string }) => ({
          ...request,
          body: JSON.stringify({ email: `reader${n++ % ADDRESSES}@example.com`, name: 'Bench Reader' }),
        }),
      },
    ],
  });
  const drained = next();
  child.kill('SIGTERM');
  const { drainMs, subscribers } = JSON.parse(await drained) as { drainMs: number; subscribers: number };
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    drainMs,
    subscribers,
  };
}

export async function run(): Promise<BenchRow[]> {
  const results: Result[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await once());
  if (results.some((r) => r.non2xx > 0))
    throw new Error(`non-2xx answers: ${results.map((r) => r.non2xx).join(', ')}`);
  const rps = median(results.map((r) => r.rps));
  const p99 = median(results.map((r) => r.p99));
  const common = `autocannon, 20 connections, ${SECONDS} s, JSON bodies cycling over ${ADDRESSES.toLocaleString('en-US')} addresses (each stored once; confirmation emails rendered from the MJML template, at most 3 per address, handed to a transport that discards them); per-IP limiter off through the app's deps`;
  return [
    {
      figure: 'POST /api/subscribe on SQLite at loopback: requests/s',
      value: fixed(rps, 0),
      target: '≥ 3,000 req/s',
      met: rps >= 3000,
      note: `runs: ${results.map((r) => fixed(r.rps, 0)).join(', ')}; ${common}; background work drained ${results.map((r) => fixed(r.drainMs / 1000, 1)).join(', ')} s after the load stopped`,
    },
    {
      figure: 'POST /api/subscribe on SQLite at loopback: p99 latency',
      value: `${fixed(p99, 0)} ms`,
      target: '≤ 30 ms',
      met: p99 <= 30,
      note: `runs: ${results.map((r) => fixed(r.p99, 0)).join(', ')} ms`,
    },
  ];
}
