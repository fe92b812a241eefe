import { afterEach, describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { PUBLIC_URL, SITE_URL, serverHarness } from '../helpers/server-harness.ts';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

async function sendWeekToLedger(harness: Harness, dialect: 'sqlite' | 'postgres', week: string) {
  const prepared = await prepareEdition(
    {
      files: fileSystemContent,
      contentDir: 'content',
      issuesDir: 'issues',
      siteUrl: SITE_URL,
      publicUrl: PUBLIC_URL,
      postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield, USA',
      timezone: 'UTC',
    },
    week,
    new Date('2026-12-01T00:00:00Z'),
  );
  await createLedgerStore({ db: harness.db, dialect }, harness.clock).startEdition(prepared.rendered);
  return prepared;
}

describe.each(DIALECTS)('the public archive on %s', (dialect) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('lists sent issues, shows each without personal links, and offers an Atom feed', async () => {
    harness = await serverHarness(dialect);
    const empty = await harness.request('/archive');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('No issue has been sent yet');

    const w47 = await sendWeekToLedger(harness, dialect, '2026-W47');
    await sendWeekToLedger(harness, dialect, '2026-W48');
    const list = await (await harness.request('/archive')).text();
    expect(list.indexOf('/archive/2026-W48')).toBeLessThan(list.indexOf('/archive/2026-W47'));
    expect(list).toContain('16–22 November 2026');

    const page = await harness.request('/archive/2026-W47');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    const html = await page.text();
    expect(html).toContain(w47.assembled.comparisons[0]!.title.replace(/&/g, '&amp;'));
    expect(html).not.toContain('token=');
    expect(html).not.toContain('__WV_');

    const feed = await harness.request('/feed.xml');
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain(`<id>${PUBLIC_URL}/archive/2026-W47</id>`);
    expect(xml).toContain(`<link href="${PUBLIC_URL}/archive/2026-W48"/>`);

    expect((await harness.request('/archive/2026-W01')).status).toBe(404);
    expect((await harness.request('/archive/not-a-week')).status).toBe(404);
  });
});
