import { sql } from 'kysely';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { Transport } from '../../src/send/transport.ts';
import { createLedgerStore } from '../../src/store/ledger-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { SETTINGS, sampleEdition } from './fixtures.ts';

/**
 * One measured run in a fresh process, so peak RSS belongs to this run alone:
 *   setup <url> <count>    fills the subscribers table in the database (not measured)
 *   prepare <url> <week>   snapshots the week and hands every message to a transport that discards it
 * Prints a JSON line with seconds and peak RSS.
 */
const [mode, url, arg] = process.argv.slice(2);
if (!mode || !url || !arg) throw new Error('usage: prepare-week-child.ts setup|prepare <url> <count|week>');
const handle = await openDatabase(url);
const started = performance.now();
if (mode === 'setup') {
  const count = Number(arg);
  const now = new Date().toISOString();
  if (handle.dialect === 'postgres') {
    await sql`insert into subscribers (email, name, status, source, created_at, updated_at)
      select 'reader' || g || '@example.com', null, 'active', 'bench', ${now}, ${now}
      from generate_series(1, ${count}) as g`.execute(handle.db);
  } else {
    await sql`with recursive g(n) as (select 1 union all select n + 1 from g where n < ${count})
      insert into subscribers (email, name, status, source, created_at, updated_at)
      select 'reader' || n || '@example.com', null, 'active', 'bench', ${now}, ${now} from g`.execute(
      handle.db,
    );
  }
} else {
  const rendered = { ...(await sampleEdition()), week: arg };
  let handed = 0;
  const discard: Transport = {
    name: 'discard',
    maxBatchSize: 100,
    async sendBatch(messages) {
      handed += messages.length;
      return {
        kind: 'accepted',
        outcomes: messages.map((m) => ({ ok: true, providerId: `d-${m.subscriberId}` })),
      };
    },
  };
  const clock = () => new Date();
  const report = await sendEdition(
    {
      ledger: createLedgerStore(handle.db, handle.dialect, clock),
      transport: discard,
      clock,
      sleep: async () => {},
      random: Math.random,
    },
    rendered,
    { settings: SETTINGS, workerId: 'bench' },
  );
  if (!report.complete || handed !== report.audience)
    throw new Error(`incomplete: ${JSON.stringify(report)}`);
}
const seconds = (performance.now() - started) / 1000;
await handle.close();
// maxRSS is in kilobytes.
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
