import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { benchServeConfig, listenOnLoopback, serveLogger } from './bench-serve.ts';
import { seedSentEdition } from './sent-edition.ts';

/**
 * `verdicts serve`'s app with webhooks on, composed by src/server/compose-app.ts from a Config parsed as
 * serve parses it, on a real SQLite file holding `<readers>` subscribers and a sent edition (2026-W47,
 * with its link map). Logs as serve does (non-blocking JSON). Prints
 * `{"url","links"}` on its first line; on SIGTERM prints the events and counters it holds and the CPU time
 * it spent while serving.
 */
const readers = Number(process.argv[2] ?? 20_000);
export const WEBHOOK_SECRET = `whsec_${Buffer.from('weekly-verdicts-bench-key').toString('base64')}`;
const dir = await mkdtemp(join(tmpdir(), 'wv-webhooks-'));
const store = await openDatabase(join(dir, 'bench.db'));
const links = await seedSentEdition(store, readers, '2026-W47');
const config = benchServeConfig({ RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET });
const none: Transport = {
  name: 'none',
  maxBatchSize: 1,
  async sendBatch() {
    throw new Error('the webhook benchmark sends nothing');
  },
};
const { app, tasks } = composeApp(config, await loadServerAssets(config), {
  db: store.db,
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  transportFor: () => none,
  log: serveLogger(config),
});
let cpuAtStart = process.cpuUsage();
const server = listenOnLoopback(app, (url) => {
  cpuAtStart = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ url, links })}\n`);
});
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage(cpuAtStart);
  server.close();
  server.closeAllConnections();
  void tasks.idle().then(async () => {
    const events = await store.db
      .selectFrom('delivery_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const counted = await store.db
      .selectFrom('edition_event_counts')
      .select((eb) => eb.fn.sum<number>('events').as('n'))
      .executeTakeFirst();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `${JSON.stringify({ events: Number(events?.n ?? 0), counted: Number(counted?.n ?? 0), cpuMs })}\n`,
    );
    await store.close();
    process.exit(0);
  });
});
