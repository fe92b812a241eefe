import { setTimeout as delay } from 'node:timers/promises';
import { UNSUBSCRIBE_URL_PLACEHOLDER } from '../src/render/placeholders.ts';
import { createResendTransport } from '../src/send/resend-transport.ts';
import { sendEdition } from '../src/send/send-edition.ts';
import { createLedgerStore } from '../src/store/ledger/ledger-store.ts';
import { startDoubleProcess } from './lib/double-process.ts';
import { SETTINGS, sampleEdition, sqliteWithSubscribers } from './lib/fixtures.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const KEY = 're_bench';

/** Emails per second handed to the local Resend double through the real SDK, unthrottled. */
async function unthrottledRate(
  subscribers: number,
  runs: number,
  concurrency: number,
  variant: 'inline' | 'template' | 'small' = 'inline',
): Promise<number[]> {
  const sample = await sampleEdition();
  // The small variant keeps the pipeline and drops the 40 KB body: the sender's own ceiling per email.
  const edition =
    variant === 'small'
      ? {
          ...sample,
          html: `<p>Hello __WV_RECIPIENT_EMAIL__</p><a href="${UNSUBSCRIBE_URL_PLACEHOLDER}">Unsubscribe</a>`,
          text: `Unsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}`,
        }
      : sample;
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const store = await sqliteWithSubscribers(subscribers);
    const double = await startDoubleProcess({ apiKey: KEY });
    const baseUrl = double.url;
    try {
      const clock = () => new Date();
      const started = performance.now();
      const report = await sendEdition(
        {
          ledger: createLedgerStore(store.handle, clock),
          transport: createResendTransport({ apiKey: KEY, baseUrl, templates: variant === 'template' }),
          clock,
          sleep: (ms) => delay(ms),
          random: Math.random,
        },
        { ...edition, week: `2026-W${String(run + 10).padStart(2, '0')}` },
        { settings: SETTINGS, workerId: 'bench', concurrency },
      );
      const seconds = (performance.now() - started) / 1000;
      const stats = await double.stats();
      const templated = variant === 'template' ? 1 : 0;
      if (
        report.sent !== subscribers ||
        stats.duplicates > 0 ||
        stats.accepted !== subscribers ||
        stats.templates !== templated
      ) {
        throw new Error(
          `bench send was not exactly once: sent ${report.sent}, ${JSON.stringify({ ...stats, requestTimes: stats.requestTimes.length })}`,
        );
      }
      rates.push(subscribers / seconds);
    } finally {
      await double.stop();
      await store.cleanup();
    }
  }
  return rates;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LANES = Number(process.env.BENCH_LANES ?? 4);

export async function run(): Promise<BenchRow[]> {
  const sequential: number[] = [];
  const laned: number[] = [];
  const small: number[] = [];
  const templated: number[] = [];
  // Interleaved, one run of each per round, so the ratio compares like with like on a noisy machine.
  for (let round = 0; round < RUNS; round++) {
    sequential.push(...(await unthrottledRate(10_000, 1, 1)));
    laned.push(...(await unthrottledRate(20_000, 1, LANES)));
    templated.push(...(await unthrottledRate(50_000, 1, LANES, 'template')));
    small.push(...(await unthrottledRate(50_000, 1, LANES, 'small')));
  }
  const ratios = laned.map((rate, i) => rate / sequential[i]!);
  const templateRatios = templated.map((rate, i) => rate / laned[i]!);
  const runs = (values: number[]) => values.map((r) => fixed(r, 0)).join(', ');
  return [
    {
      figure: `emails/s handed to the local Resend double, unthrottled (sample week ~50 KB/email, ${LANES} lanes, SQLite ledger)`,
      value: fixed(median(laned), 0),
      target: '≥ 10,000/s',
      met: median(laned) >= 10_000,
      note: `runs: ${runs(laned)}; one lane: ${runs(sequential)} (${LANES} lanes ÷ one: ${ratios.map((r) => fixed(r, 2)).join(', ')}×)`,
    },
    {
      figure: `emails/s, sample week sent as a Resend Template (RESEND_TEMPLATES=true, ${LANES} lanes): only each recipient's values travel`,
      value: fixed(median(templated), 0),
      target: '≥ 10,000/s',
      met: median(templated) >= 10_000,
      note: `runs: ${runs(templated)}; ÷ inline: ${templateRatios.map((r) => fixed(r, 1)).join(', ')}×`,
    },
    {
      figure: `emails/s with a ~300-byte email (same pipeline, ${LANES} lanes): the sender's own ceiling`,
      value: fixed(median(small), 0),
      target: 'reported',
      met: undefined,
      note: `runs: ${runs(small)}`,
    },
  ];
}
