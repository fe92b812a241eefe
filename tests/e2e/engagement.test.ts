import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../../src/server/webhook-signature.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { unsubscribeUrl } from '../../src/subscribers/tokens.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { type CliRun, runCli, startCli } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/serve-process.ts';
import { WEBHOOK_SECRET } from '../helpers/server-harness.ts';

const WEEK = '2026-W48';
const SITE = 'https://verdicts.example';
const SECRET = 'engagement-secret-0123456789';
const REVIEWERS = '- id: builder\n  name: The Builder\n  lens: Developer experience\n';

function comparison(title: string, tools: [string, string]): string {
  const yaml = tools
    .map(
      (name) => `  - name: ${name}
    category: Developer Tools
    tagline: ${name} does a thing
    entry: Free
    community: 50
    url: https://${name.toLowerCase()}.example/
    logo: https://cdn.example/${name.toLowerCase()}.png`,
    )
    .join('\n');
  return `---\ntitle: ${title}\npublished: 2026-11-24\ntools:\n${yaml}\nreviews:\n  - lens: builder\n    tool: ${tools[0]}\n    verdict: ship\n    quote: Good.\n---\n`;
}

describe.each(DIALECTS)('what readers did, from signed webhooks to `verdicts stats` on %s', (dialect) => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let serve: CliRun;
  let base: string;
  let sequence = 0;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-engagement-'));
    database = await createTestDatabase(dialect);
    const comparisons = join(dir, 'content', 'comparisons');
    await mkdir(comparisons, { recursive: true });
    await mkdir(join(dir, 'issues'));
    await writeFile(join(dir, 'content', 'reviewers.yaml'), REVIEWERS);
    await writeFile(join(comparisons, 'alpha-vs-beta.md'), comparison('Alpha vs Beta', ['Alpha', 'Beta']));
    await writeFile(join(comparisons, 'gamma-vs-delta.md'), comparison('Gamma vs Delta', ['Gamma', 'Delta']));
    await writeFile(
      join(dir, 'readers.csv'),
      'email\nann@example.com\nbob@example.com\ncy@example.com\ndee@example.com\n',
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      DATABASE_URL: database.url,
      OUT_DIR: join(dir, 'out'),
      SITE_URL: SITE,
      PUBLIC_URL: base,
      SECRET,
      CONTENT_DIR: join(dir, 'content'),
      ISSUES_DIR: join(dir, 'issues'),
      RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORT: String(port),
    };
    expect((await runCli(['subscribers', 'import', join(dir, 'readers.csv'), '--confirmed'], env)).code).toBe(
      0,
    );
    const handle = await openDatabase(database.url);
    for (const row of await handle.db.selectFrom('subscribers').select(['id', 'email']).execute()) {
      ids[row.email.split('@')[0]!] = row.id;
    }
    await handle.close();
    serve = startCli(['serve'], env);
    await vi.waitFor(() => expect(serve.output().stdout).toContain('serving on'), { timeout: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
    await database?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  /** A Resend event for a digest, signed as Resend signs it, posted to the running server. */
  async function deliver(type: string, to: string, extra: Record<string, unknown> = {}, id?: string) {
    const payload = JSON.stringify({
      type,
      created_at: new Date().toISOString(),
      data: {
        email_id: `re_${to}`,
        to: [`${to}@example.com`],
        tags: { category: 'digest', week: WEEK },
        ...extra,
      },
    });
    const eventId = id ?? `msg_${dialect}_${++sequence}`;
    const response = await fetch(`${base}/webhooks/resend`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signWebhook(WEBHOOK_SECRET, eventId, new Date(), payload),
      },
      body: payload,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { duplicate: boolean };
  }
  const click = (to: string, link: string, id?: string) =>
    deliver(
      'email.clicked',
      to,
      { click: { link, ipAddress: '192.0.2.1', timestamp: new Date().toISOString(), userAgent: 'x' } },
      id,
    );
  const stats = async (...args: string[]) => {
    const result = await runCli(['stats', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  it('counts each event once, maps clicks to comparisons and tools, and survives a forget', async () => {
    expect((await runCli(['send', '--week', WEEK], env)).stdout).toContain(`${WEEK}: sent 4`);
    // Sent to the outbox, no events yet: sent counts and zeros.
    const quiet = JSON.parse(await stats('--week', WEEK, '--json'));
    expect(quiet).toMatchObject({ week: WEEK, sent: 4, delivered: 0, opened: 0, clicked: 0, links: [] });
    expect(quiet.comparisons.map((c: { clicked: number }) => c.clicked)).toEqual([0, 0]);

    for (const who of ['ann', 'bob', 'cy']) await deliver('email.delivered', who);
    expect(await deliver('email.delivered', 'ann', {}, `redelivered_${dialect}`)).toMatchObject({
      duplicate: false,
    });
    expect(await deliver('email.delivered', 'ann', {}, `redelivered_${dialect}`)).toMatchObject({
      duplicate: true,
    });
    await deliver('email.bounced', 'dee', {
      bounce: { type: 'Permanent', subType: 'General', message: 'No such user' },
    });
    await deliver('email.opened', 'ann');
    await deliver('email.opened', 'ann');
    await deliver('email.opened', 'bob');
    // Ann: the comparison page (with campaign parameters) and Alpha's site; Bob: Alpha's logo, twice, and a
    // link that is in no comparison; Cy: the footer's site link.
    await click('ann', `${SITE}/compare/alpha-vs-beta?utm_source=weekly-verdicts&utm_medium=email`);
    await click('ann', 'https://alpha.example/', `click_${dialect}`);
    await click('ann', 'https://alpha.example/', `click_${dialect}`);
    await click('bob', 'https://cdn.example/alpha.png');
    await click('bob', 'https://cdn.example/alpha.png#top');
    await click('bob', 'https://elsewhere.example/unknown?utm_campaign=x');
    await click('cy', `${SITE}/`);
    await deliver('email.complained', 'cy');
    const unsubscribed = await fetch(unsubscribeUrl(base, SECRET, ids.bob!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);

    const expected = {
      week: WEEK,
      sent: 4,
      delivered: 3,
      bounced: 1,
      complained: 1,
      unsubscribed: 1,
      opened: 2,
      clicked: 3,
      comparisons: [
        {
          slug: 'alpha-vs-beta',
          clicked: 2,
          tools: [
            { name: 'Alpha', clicked: 2 },
            { name: 'Beta', clicked: 0 },
          ],
        },
        {
          slug: 'gamma-vs-delta',
          clicked: 0,
          tools: [
            { name: 'Gamma', clicked: 0 },
            { name: 'Delta', clicked: 0 },
          ],
        },
      ],
      links: [
        { url: 'https://cdn.example/alpha.png', clicks: 2, clickers: 1 },
        { url: 'https://alpha.example/', clicks: 1, clickers: 1 },
        { url: 'https://elsewhere.example/unknown', clicks: 1, clickers: 1 },
        { url: `${SITE}/`, clicks: 1, clickers: 1 },
        { url: `${SITE}/compare/alpha-vs-beta`, clicks: 1, clickers: 1 },
      ],
      rates: { delivery: 0.75, open: 2 / 3, click: 1, clickToOpen: 1.5 },
    };
    const detail = JSON.parse(await stats('--week', WEEK, '--json'));
    expect(detail).toMatchObject(expected);
    expect(detail.links).toEqual(expected.links);

    // Forgetting Ann erases her events and clicks; the edition's figures stay, and her later events do not count.
    expect((await runCli(['subscribers', 'forget', 'ann@example.com'], env)).code).toBe(0);
    await deliver('email.opened', 'ann');
    await click('ann', 'https://beta.example/');
    expect(JSON.parse(await stats('--week', WEEK, '--json'))).toEqual(detail);
    const handle = await openDatabase(database.url);
    try {
      const rows = JSON.stringify(await handle.db.selectFrom('delivery_events').selectAll().execute());
      expect(rows).not.toContain('ann@');
      expect(rows).not.toContain('re_ann');
      const counted = await handle.db
        .selectFrom('edition_engagement_firsts')
        .select('subscriber_id')
        .where('subscriber_id', '=', ids.ann!)
        .execute();
      expect(counted).toEqual([]);
    } finally {
      await handle.close();
    }

    const overview = JSON.parse(await stats('--json'));
    const { links: _links, ...withoutLinks } = detail;
    expect(overview).toEqual({ editions: [withoutLinks] });
    const text = await stats('--week', WEEK);
    expect(text).toContain('delivered    3 (75.0% of sent)');
    expect(text).toContain('Apple Mail Privacy Protection');
    expect(await stats()).toMatch(
      new RegExp(`${WEEK}\\s+4\\s+3\\s+1\\s+1\\s+1\\s+2\\s+3\\s+75\\.0%\\s+66\\.7%\\s+100\\.0%\\s+150\\.0%`),
    );
  }, 120_000);
});
