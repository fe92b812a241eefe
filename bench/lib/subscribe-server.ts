import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import type { RateLimiter } from '../../src/server/rate-limiter.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { SETTINGS } from './fixtures.ts';

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
const config = loadConfig({
  SITE_URL: 'https://verdicts.example.com',
  PUBLIC_URL: SETTINGS.publicUrl,
  SECRET: SETTINGS.secret,
  EMAIL_FROM: SETTINGS.from,
  POSTAL_ADDRESS: 'Weekly Verdicts, 1 Example St',
  // autocannon addresses the server by its loopback IP.
  ALLOWED_HOSTS: '127.0.0.1',
});
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
  log: createLogger({
    pretty: false,
    level: config.logLevel,
    name: 'serve',
    nonBlocking: true,
    addressKey: config.secret,
  }),
  signupLimiter: unlimited,
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
server.once('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
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
