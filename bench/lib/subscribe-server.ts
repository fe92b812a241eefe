import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createLogger } from '../../src/log/logger.ts';
import { loadTransactionalTemplates } from '../../src/render/transactional.ts';
import type { Transport } from '../../src/send/transport.ts';
import { clientIpResolver } from '../../src/server/client-ip.ts';
import { createApp } from '../../src/server/create-app.ts';
import { loadPages } from '../../src/server/pages.ts';
import { createFixedWindowLimiter, type RateLimiter } from '../../src/server/rate-limiter.ts';
import { createTaskQueue } from '../../src/server/task-queue.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTransactionalMailer } from '../../src/subscribers/transactional-mailer.ts';
import { SETTINGS } from './fixtures.ts';

/**
 * `verdicts serve` as src/cli/serve-command.ts wires it (real SQLite store in a temp file, real pages,
 * MJML templates, its non-blocking JSON logger on stderr, per-address email limiter), with two differences, both through
 * the app's deps: the per-IP signup limiter lets everything through (a load generator is one client
 * address, so the production 10-per-10-minutes limit would turn the run into a 429 benchmark), and
 * confirmation emails go to a transport that discards them (no outbox files, no network).
 * Prints its URL on the first line; SIGTERM drains the background work and prints how long that took.
 */
const dir = await mkdtemp(join(tmpdir(), 'wv-subscribe-'));
const store = await openDatabase(join(dir, 'bench.db'));
const clock = () => new Date();
const site = { siteUrl: 'https://verdicts.example.com', postalAddress: 'Weekly Verdicts, 1 Example St' };
const [pages, templates] = await Promise.all([loadPages(site), loadTransactionalTemplates()]);
const log = createLogger({ pretty: false, name: 'serve', nonBlocking: true });
const tasks = createTaskQueue(log);
const discard: Transport = {
  name: 'discard',
  maxBatchSize: 1,
  async sendBatch(messages) {
    return { kind: 'accepted', outcomes: messages.map(() => ({ ok: true, providerId: 'discarded' })) };
  },
};
const unlimited: RateLimiter = { take: () => ({ ok: true }) };
const app = createApp({
  subscribers: createSubscriberStore(store.db, clock),
  events: createDeliveryEventStore(store.db, clock),
  mailer: createTransactionalMailer({
    templates,
    transportFor: () => discard,
    settings: { ...SETTINGS, ...site, timezone: 'UTC' },
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }),
  pages,
  clock,
  signupLimiter: unlimited,
  emailLimiter: createFixedWindowLimiter({ limit: 3, windowMs: 60 * 60_000, clock }),
  tasks,
  log,
  clientIp: clientIpResolver(false),
  siteUrl: site.siteUrl,
  publicUrl: SETTINGS.publicUrl,
  secret: SETTINGS.secret,
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
