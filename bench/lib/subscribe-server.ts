import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import type { RateLimiter } from '../../src/server/rate-limiter.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { benchServeConfig, listenOnLoopback, serveLogger } from './bench-serve.ts';

/**
 * `verdicts serve`'s app, composed by the same function (src/server/compose-app.ts) from a Config parsed
 * as serve parses it: real SQLite store in a temp file, real pages, MJML templates, serve's non-blocking
 * JSON logger on stderr, the per-address email limiter. Two parts differ: the per-IP signup limiter lets
 * everything through (a load generator is one client address, so the production 10-per-10-minutes limit
 * would turn the run into a 429 benchmark), and confirmation emails go to a transport that discards them
 * (no outbox files, no network).
 * Prints its URL on the first line; SIGTERM drains the background work and prints how long that took.
 */
const dir = await mkdtemp(join(tmpdir(), 'wv-subscribe-'));
const store = await openDatabase(join(dir, 'bench.db'));
const config = benchServeConfig();
const discard: Transport = {
  name: 'discard',
  maxBatchSize: 1,
  async sendBatch(messages) {
    return { kind: 'accepted', outcomes: messages.map(() => ({ ok: true, providerId: 'discarded' })) };
  },
};
const unlimited: RateLimiter = { take: async () => ({ ok: true }) };
const { app, tasks } = composeApp(config, await loadServerAssets(config), {
  db: store.db,
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  transportFor: () => discard,
  log: serveLogger(config),
  signupLimiter: unlimited,
});
const server = listenOnLoopback(app, (url) => process.stdout.write(`${url}\n`));
process.on('SIGTERM', () => {
  const started = performance.now();
  server.close();
  server.closeAllConnections();
  void tasks.idle().then(async () => {
    const drainMs = performance.now() - started;
    const count = await store.db
      .selectFrom('subscribers')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    process.stdout.write(`${JSON.stringify({ drainMs, subscribers: Number(count?.n ?? 0) })}\n`);
    await store.close();
    process.exit(0);
  });
});
