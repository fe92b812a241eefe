import { afterEach, describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { PUBLIC_URL, type ServerHarness, SITE_URL, serverHarness } from '../helpers/server-harness.ts';
import { parseStrictXml } from '../helpers/strict-xml.ts';

/** Whatever an editor can put in an issue note's subject line. */
const HOSTILE = [
  'Closing early ]]> then <script>alert(1)</script> ]]><![CDATA[ & "quotes" \'apos\' <b>bold</b>',
  '<img src=x onerror=alert(1)> &amp; &lt; already escaped',
  'Emoji 🧪 and RTL ‮ and a tab\there',
];

async function sendWeek(h: ServerHarness, dialect: 'sqlite' | 'postgres', week: string, subject: string) {
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
  const rendered = { ...prepared.rendered, subject, preheader: `Preheader: ${subject}` };
  await createLedgerStore({ db: h.db, dialect }, h.clock).startEdition(rendered);
}

describe.each(DIALECTS)('the Atom feed on %s', (dialect) => {
  let h: ServerHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is valid XML whatever the subject says, and reads back exactly the subject as text', async () => {
    h = await serverHarness(dialect);
    const weeks = ['2026-W46', '2026-W47', '2026-W48'];
    for (const [i, week] of weeks.entries()) await sendWeek(h, dialect, week, HOSTILE[i]!);

    const response = await h.request('/feed.xml');
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).not.toContain('CDATA[Closing');
    expect(xml).not.toContain('<script>');
    const feed = parseStrictXml(xml);
    expect(feed.name).toBe('feed');
    const entries = feed.children.filter((child) => child.name === 'entry');
    const read = entries.map((entry) => {
      const title = entry.children.find((child) => child.name === 'title')!;
      const summary = entry.children.find((child) => child.name === 'summary')!;
      return { title: title.text, titleType: title.attributes.type, summary: summary.text };
    });
    expect(read).toEqual(
      [...weeks].reverse().map((_, i) => {
        const subject = HOSTILE[weeks.length - 1 - i]!;
        return { title: subject, titleType: 'text', summary: `Preheader: ${subject}` };
      }),
    );
  });

  it('stays readable when a subject holds characters XML cannot carry', async () => {
    h = await serverHarness(dialect);
    await sendWeek(h, dialect, '2026-W47', 'Bell \u0007 and form feed \u000c end');
    const xml = await (await h.request('/feed.xml')).text();
    const entry = parseStrictXml(xml).children.find((child) => child.name === 'entry')!;
    expect(entry.children.find((child) => child.name === 'title')?.text).toBe(
      'Bell \ufffd and form feed \ufffd end',
    );
  });
});
