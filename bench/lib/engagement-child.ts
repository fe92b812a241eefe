import { type Kysely, type RawBuilder, sql } from 'kysely';
import { editionFigures } from '../../src/store/engagement/edition-stats.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import type { Database } from '../../src/store/schema.ts';
import { seedSentEdition, series } from './sent-edition.ts';

/**
 * The `stats` benchmark's database work, in a fresh process per step:
 *   setup <url> <recipients>   an edition of the sample week sent to every recipient, in batches of 100
 *                              (1% failed), and about three events per recipient as the webhooks would
 *                              have left them: the events, the per-edition counters and who was counted
 *   query <url> <runs>         `stats --week`'s figures (with links), timed per run
 * Setup writes in bulk SQL (not through webhooks): its speed is not the question.
 */
const [mode, url, arg] = process.argv.slice(2);
if (!mode || !url || !arg) throw new Error('usage: engagement-child.ts setup|query <url> <recipients|runs>');
export const WEEK = '2026-W47';
const opening = performance.now();
const handle = await openDatabase(url);
const openMs = performance.now() - opening;

async function setup(count: number) {
  const links = await seedSentEdition(handle, count, WEEK);
  await events(handle.db, count, links, new Date().toISOString());
  await counters(handle.db);
}

/** About 3 events per recipient: sent, delivered or bounced, opens (some twice), clicks (twice each). */
async function events(db: Kysely<Database>, count: number, links: string[], now: string) {
  const linkOf = sql.join(
    links.map((link, i) => sql`when ${i} then ${link}`),
    sql` `,
  );
  const kinds: [string, string, RawBuilder<unknown>, number][] = [
    ['email.sent', 'sent', sql`n % 100 <> 0`, 1],
    ['email.delivered', 'delivered', sql`n % 50 <> 0 and n % 100 <> 0`, 1],
    ['email.bounced', 'bounced', sql`n % 100 = 50`, 1],
    ['email.delivery_delayed', 'delayed', sql`n % 100 = 1`, 1],
    ['email.complained', 'complained', sql`n % 1000 = 7`, 1],
    ['email.opened', 'opened', sql`n % 2 = 0 and n % 100 <> 0`, 1],
    ['email.opened', 'opened', sql`n % 5 = 0 and n % 100 <> 0`, 2],
    ['email.clicked', 'clicked', sql`n % 7 = 0 and n % 100 <> 0`, 1],
    ['email.clicked', 'clicked', sql`n % 7 = 0 and n % 100 <> 0`, 2],
  ];
  for (const [type, kind, where, rep] of kinds) {
    const link = kind === 'clicked' ? sql`case (n / 7 + ${rep}) % ${links.length} ${linkOf} end` : sql`null`;
    await sql`${series(handle, count)} insert into delivery_events (event_id, type, kind, provider_email_id, recipient, week, subscriber_id, created_at, received_at, payload, link)
      select 'msg_' || ${kind} || '_' || ${rep} || '_' || n, ${type}, ${kind}, 're_' || n, 'reader' || n || '@example.com', ${WEEK}, n, ${now}, ${now},
        '{"type":"' || ${type} || '","data":{"email_id":"re_' || n || '","to":["reader' || n || '@example.com"],"tags":{"week":"2026-W47"}}}', ${link}
      from g where ${where}`.execute(db);
  }
}

/** The counters the webhook keeps, computed at once from the events. */
async function counters(db: Kysely<Database>) {
  await sql`insert into edition_event_counts (week, kind, events, subscribers)
    select week, kind, count(*), count(distinct subscriber_id) from delivery_events group by week, kind`.execute(
    db,
  );
  await sql`insert into edition_event_firsts (week, kind, subscriber_id)
    select distinct week, kind, subscriber_id from delivery_events`.execute(db);
  const clicks = sql`select e.week, e.subscriber_id, e.link, l.comparison, l.tool from delivery_events e
    join edition_links l on l.week = e.week and l.url = e.link where e.kind = 'clicked'`;
  const targets: [string, RawBuilder<unknown>][] = [
    ['link', sql`link`],
    ['comparison', sql`comparison`],
    ['tool', sql`comparison || '/' || tool`],
  ];
  for (const [kind, target] of targets) {
    await sql`insert into edition_engagement (week, kind, target, events, people)
      select week, ${kind}, ${target}, count(*), count(distinct subscriber_id) from (${clicks}) c
      where ${target} is not null group by week, ${target}`.execute(db);
    await sql`insert into edition_engagement_firsts (week, subscriber_id, kind, target)
      select distinct week, subscriber_id, ${kind}, ${target} from (${clicks}) c where ${target} is not null`.execute(
      db,
    );
  }
  await sql`analyze`.execute(db);
}

if (mode === 'setup') {
  const started = performance.now();
  await setup(Number(arg));
  const total = await handle.db
    .selectFrom('delivery_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  process.stdout.write(
    `${JSON.stringify({ seconds: (performance.now() - started) / 1000, events: Number(total.n) })}\n`,
  );
} else {
  const times: number[] = [];
  let clicked = 0;
  for (let i = 0; i < Number(arg); i++) {
    const started = performance.now();
    const figures = await editionFigures(handle, WEEK, { links: true });
    JSON.stringify(figures);
    // The first answer includes opening the store, as a fresh `verdicts stats` does.
    times.push(performance.now() - started + (i === 0 ? openMs : 0));
    clicked = figures?.clicked ?? 0;
  }
  process.stdout.write(`${JSON.stringify({ times, clicked })}\n`);
}
await handle.close();
