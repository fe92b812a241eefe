import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import type { RateLimiter } from '../../src/server/rate-limiter.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { SETTINGS, sampleEdition, sqliteWithSubscribers } from './fixtures.ts';

/**
 * `verdicts serve`'s app for the vote benchmark, composed by the same function (src/server/compose-app.ts)
 * from a Config parsed as serve parses it: a real SQLite store in a temp file holding READERS active
 * subscribers who were all sent the sample week 2026-W47 (through the real sender, to a transport that
 * discards the emails), real pages, serve's non-blocking JSON logger on stderr, the per-reader vote
 * limiter. One part differs: the per-client limiter lets everything through (a load generator is one
 * client address). Prints `<url> <readers>` on the first line; SIGTERM prints the vote counts.
 */
const READERS = Number(process.env.BENCH_VOTE_READERS ?? 5_000);
const store = await sqliteWithSubscribers(READERS);
const clock = () => new Date();
const discard: Transport = {
  name: 'discard',
  maxBatchSize: 100,
  async sendBatch(messages) {
    return {
      kind: 'accepted',
      outcomes: messages.map((m) => ({ ok: true, providerId: `p${m.subscriberId}` })),
    };
  },
};
const report = await sendEdition(
  {
    ledger: createLedgerStore(store.handle, clock),
    transport: discard,
    clock,
    sleep: async () => {},
    random: Math.random,
  },
  await sampleEdition(),
  { settings: SETTINGS, workerId: 'bench' },
);
if (report.sent !== READERS) throw new Error(`sent ${report.sent} of ${READERS}`);

const config = loadConfig({
  SITE_URL: 'https://verdicts.example.com',
  PUBLIC_URL: SETTINGS.publicUrl,
  SECRET: SETTINGS.secret,
  EMAIL_FROM: SETTINGS.from,
  POSTAL_ADDRESS: 'Weekly Verdicts, 1 Example St',
  ALLOWED_HOSTS: '127.0.0.1',
});
const unlimited: RateLimiter = { take: async () => ({ ok: true }) };
const { app } = composeApp(config, await loadServerAssets(config), {
  db: store.handle.db,
  sqlite: store.handle.sqlite,
  clock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  transportFor: () => discard,
  log: createLogger({
    pretty: false,
    level: config.logLevel,
    name: 'serve',
    nonBlocking: true,
    addressKey: config.secret,
  }),
  voteLimiter: unlimited,
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
server.once('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`http://127.0.0.1:${port} ${READERS}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void (async () => {
    const votes = await store.handle.db
      .selectFrom('reader_votes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const tallies = await store.handle.db
      .selectFrom('vote_tallies')
      .select((eb) => [eb.fn.sum<number>('ship').as('ship'), eb.fn.sum<number>('skip').as('skip')])
      .executeTakeFirst();
    process.stdout.write(
      `${JSON.stringify({ votes: Number(votes?.n ?? 0), counted: Number(tallies?.ship ?? 0) + Number(tallies?.skip ?? 0) })}\n`,
    );
    await store.cleanup();
    process.exit(0);
  })();
});
