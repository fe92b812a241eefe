import { setTimeout as delay } from 'node:timers/promises';
import { createResendTransport } from '../src/send/resend-transport.ts';
import { sendEdition } from '../src/send/send-edition.ts';
import { createLedgerStore } from '../src/store/ledger-store.ts';
import { startDoubleProcess } from './lib/double-process.ts';
import { SETTINGS, sampleEdition, sqliteWithSubscribers } from './lib/fixtures.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const KEY = 're_bench';

/** Emails per second handed to the local Resend double through the real SDK, unthrottled. */
async function unthrottledRate(subscribers: number, runs: number): Promise<number[]> {
  const edition = await sampleEdition();
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
          ledger: createLedgerStore(store.handle.db, store.handle.dialect, clock),
          transport: createResendTransport({ apiKey: KEY, baseUrl }),
          clock,
          sleep: (ms) => delay(ms),
          random: Math.random,
        },
        { ...edition, week: `2026-W${String(run + 10).padStart(2, '0')}` },
        { settings: SETTINGS, workerId: 'bench' },
      );
      const seconds = (performance.now() - started) / 1000;
      const stats = await double.stats();
      if (report.sent !== subscribers || stats.duplicates > 0 || stats.accepted !== subscribers) {
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

export async function run(): Promise<BenchRow[]> {
  const rates = await unthrottledRate(20_000, 3);
  const rate = median(rates);
  return [
    {
      figure: 'emails/s handed to the local Resend double, unthrottled (20,000 subscribers, SQLite ledger)',
      value: fixed(rate, 0),
      target: '≥ 10,000/s',
      met: rate >= 10_000,
      note: `runs: ${rates.map((r) => fixed(r, 0)).join(', ')}`,
    },
  ];
}
