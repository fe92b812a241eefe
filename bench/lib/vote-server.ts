import { sendEdition } from '../../src/send/send-edition.ts';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import type { RateLimiter } from '../../src/server/rate-limiter.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { benchServeConfig, listenOnLoopback, serveLogger } from './bench-serve.ts';
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

const config = benchServeConfig();
const unlimited: RateLimiter = { take: async () => ({ ok: true }) };
const { app } = composeApp(config, await loadServerAssets(config), {
  db: store.handle.db,
  sqlite: store.handle.sqlite,
  clock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  transportFor: () => discard,
  log: serveLogger(config),
  voteLimiter: unlimited,
});
const server = listenOnLoopback(app, (url) => process.stdout.write(`${url} ${READERS}\n`));
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
