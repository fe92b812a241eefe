import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createHoldCheck } from '../../src/reputation/hold-check.ts';
import type { RenderedEdition } from '../../src/send/personalize.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { Transport } from '../../src/send/transport.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { SETTINGS, sampleEdition } from './fixtures.ts';

/**
 * One measured run in a fresh process, so peak RSS belongs to this run alone:
 *   setup <url> <count> <edition.json> [segments]
 *                                         fills the subscribers table and renders the sample week into
 *                                         edition.json (not measured); with segments > 1, readers follow
 *                                         that many different sets of the week's topics, round robin
 *   prepare <url> <week> <edition.json>   snapshots the week and hands every message to a transport that
 *                                         discards it
 * Prints a JSON line with seconds, peak RSS, the time spent in reputation-hold checks, and how many times a
 * reader's variant of the week was rendered (React is loaded only when one is). The sender works from the stored render (DELIVERY.md §9),
 * so the measured process never loads React: rendering is the `render` benchmark's business.
 */
const [mode, url, arg, editionFile, segmentsArg] = process.argv.slice(2);
if (!mode || !url || !arg || !editionFile)
  throw new Error('usage: prepare-week-child.ts setup|prepare <url> <count|week> <edition.json>');
const handle = await openDatabase(url);
const started = performance.now();
let holdMs = 0;
let holdChecks = 0;
let renders = 0;
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
  const edition = await sampleEdition();
  writeFileSync(editionFile, JSON.stringify(edition));
  const sets = topicSets(edition.source?.topics ?? [], Number(segmentsArg ?? 1));
  if (sets.length > 1) {
    const cases = sets.map((set, i) => sql`when ${i} then ${set.join(',')}`);
    await sql`update subscribers set topics = case id % ${sets.length} ${sql.join(cases, sql` `)} end`.execute(
      handle.db,
    );
  }
} else {
  const stored = JSON.parse(readFileSync(editionFile, 'utf8')) as RenderedEdition;
  const rendered = { ...stored, week: arg };
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
  // The reputation hold as `send` asks it, timed: what it costs a send is the question.
  const holds = createHoldCheck(handle, { complaintRate: 0.08, bounceRate: 4, minSent: 100 }, clock);
  const report = await sendEdition(
    {
      renderDigest: async (digest) => {
        renders++;
        const { renderDigestHtml } = await import('../../src/render/render-digest.ts');
        const { renderDigestText } = await import('../../src/render/digest-text.ts');
        return { html: await renderDigestHtml(digest), text: renderDigestText(digest) };
      },
      ledger: createLedgerStore(handle, clock),
      transport: discard,
      clock,
      sleep: async () => {},
      random: Math.random,
      hold: async () => {
        const started = performance.now();
        const hold = await holds.check(rendered.week);
        holdMs += performance.now() - started;
        holdChecks++;
        return hold;
      },
    },
    rendered,
    { settings: SETTINGS, workerId: 'bench' },
  );
  if (!report.complete || handed !== report.audience)
    throw new Error(`incomplete: ${JSON.stringify(report)}`);
}
const seconds = (performance.now() - started) / 1000;
await handle.close();
console.log(JSON.stringify({ seconds, peakRssMb: peakRssMb(), holdMs, holdChecks, renders }));

/**
 * `count` different sets of the week's topics, none of them all of them (a reader following every topic
 * gets the whole week): each topic alone, then pairs of neighbours.
 */
function topicSets(topicsByComparison: string[][], count: number): string[][] {
  const topics = [...new Set(topicsByComparison.flat())].sort();
  const sets = topics.map((topic) => [topic]);
  for (let i = 0; i + 1 < topics.length; i++) sets.push([topics[i]!, topics[i + 1]!]);
  if (count > 1 && sets.length < count)
    throw new Error(`the sample week has too few topics for ${count} segments`);
  return count > 1 ? sets.slice(0, count) : [];
}

/**
 * This process's own peak RSS. Linux carries getrusage's maxRSS over fork and exec, so a child of the
 * (larger) benchmark runner would report the runner's peak; VmHWM belongs to this program's memory only.
 */
function peakRssMb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back to getrusage (kilobytes).
  }
  return process.resourceUsage().maxRSS / 1024;
}
