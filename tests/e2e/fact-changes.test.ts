import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textContent } from 'domutils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCopy } from '../../src/edition/web-copy.ts';
import { parseHtml, select } from '../../src/gate/html.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { htmlPart, textPart } from '../helpers/eml.ts';
import { runCli } from '../helpers/run-cli.ts';

const REVIEWERS = `- id: builder
  name: The Builder
  lens: Developer experience
- id: skeptic
  name: The Skeptic
  lens: What kills it in a year
`;

interface ToolSpec {
  name: string;
  entry: string;
  community: number | null;
  previously?: string;
  /** Verdicts of the reviews of this tool, in order. */
  verdicts: ('ship' | 'skip')[];
}

function comparison(title: string, published: string, tools: [ToolSpec, ToolSpec], draft = false): string {
  const toolYaml = tools
    .map(
      (tool) => `  - name: ${tool.name}
    category: Developer Tools
    tagline: ${tool.name} does a thing
    entry: ${tool.entry}
    community: ${tool.community ?? 'null'}${tool.previously ? `\n    previously: ${tool.previously}` : ''}`,
    )
    .join('\n');
  const reviews = tools.flatMap((tool) =>
    tool.verdicts.map(
      (verdict, i) => `  - lens: ${i % 2 === 0 ? 'builder' : 'skeptic'}
    tool: ${tool.name}
    verdict: ${verdict}
    quote: ${tool.name} gets a ${verdict}.`,
    ),
  );
  return `---\ntitle: ${title}\npublished: ${published}\ndraft: ${draft}\ntools:\n${toolYaml}\nreviews:\n${reviews.join('\n')}\n---\n`;
}

/** A change under its tool's "Changed since <week>" heading, e.g. "Entry: $15/mo → $20/mo". */
const CHANGE = /^(Entry|Panel|Community): .+ → .+$/;

/**
 * The changes in a digest part as "Entry: $15/mo → $20/mo since 2026-W47": each line under its tool's
 * "Changed since 2026-W47" heading. `lines` are the text lines, or the HTML's block elements.
 */
function changesIn(lines: string[]): string[] {
  const found: string[] = [];
  let since: string | undefined;
  for (const line of lines) {
    const heading = /^Changed\s+since (\d{4}-W\d{2})$/.exec(line);
    if (heading) since = heading[1];
    else if (since && CHANGE.test(line)) found.push(`${line} since ${since}`);
    else since = undefined;
  }
  return found;
}

function textChanges(text: string): string[] {
  return changesIn(text.split('\n').map((line) => line.trim()));
}

function htmlChanges(html: string): string[] {
  return changesIn(select('div', parseHtml(html)).map((div) => textContent(div)));
}

describe('what changed since a tool was last sent, end to end on the outbox', { timeout: 120_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (path: string) => readFile(join(dir, path), 'utf8');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-facts-'));
    const comparisons = join(dir, 'content', 'comparisons');
    await mkdir(comparisons, { recursive: true });
    await mkdir(join(dir, 'issues'));
    await writeFile(join(dir, 'content', 'reviewers.yaml'), REVIEWERS);
    // 2026-W47: Alpha at $15/mo, 3 of 4 ship (75%), 60%; Beta free, 1 of 1, 40%.
    await writeFile(
      join(comparisons, 'alpha-vs-beta.md'),
      comparison('Alpha vs Beta', '2026-11-17', [
        { name: 'Alpha', entry: '$15/mo', community: 60, verdicts: ['ship', 'ship', 'ship', 'skip'] },
        { name: 'Beta', entry: 'Free', community: 40, verdicts: ['ship'] },
      ]),
    );
    // 2026-W48: Alpha again (written in lower case) at $20/mo, 4 of 4 (100%), still 60%; Beta renamed Gamma,
    // free and 1 of 1 as before, community up to 45%.
    await writeFile(
      join(comparisons, 'alpha-vs-gamma.md'),
      comparison('Alpha vs Gamma', '2026-11-24', [
        { name: 'alpha', entry: '$20/mo', community: 60, verdicts: ['ship', 'ship', 'ship', 'ship'] },
        { name: 'Gamma', previously: 'Beta', entry: 'Free', community: 45, verdicts: ['ship'] },
      ]),
    );
    // A draft dated 2026-W48 that prices Alpha at $99/mo: never sent, so never a baseline.
    await writeFile(
      join(comparisons, 'alpha-draft.md'),
      comparison(
        'Alpha vs Omega',
        '2026-11-25',
        [
          { name: 'Alpha', entry: '$99/mo', community: 10, verdicts: ['skip'] },
          { name: 'Omega', entry: 'Free', community: null, verdicts: [] },
        ],
        true,
      ),
    );
    // 2026-W49: Alpha at $30/mo, 100%, 60%; Delta is new.
    await writeFile(
      join(comparisons, 'alpha-vs-delta.md'),
      comparison('Alpha vs Delta', '2026-12-01', [
        { name: 'Alpha', entry: '$30/mo', community: 60, verdicts: ['ship', 'ship', 'ship', 'ship'] },
        { name: 'Delta', entry: 'Free', community: null, verdicts: [] },
      ]),
    );
    await writeFile(join(dir, 'readers.csv'), 'email\nann@example.com\nbob@example.com\ncy@example.com\n');
    env = {
      DATABASE_URL: join(dir, 'subscribers.db'),
      OUT_DIR: join(dir, 'out'),
      PUBLIC_URL: 'https://news.example.com',
      SECRET: 'fact-changes-secret-0123456789',
      CONTENT_DIR: join(dir, 'content'),
      ISSUES_DIR: join(dir, 'issues'),
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cli = async (...command: string[]) => {
    const result = await runCli(command, env);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  const build = async (week: string, out: string) => {
    await cli('build', '--week', week, '--out', join(dir, out));
    return { html: await file(`${out}/${week}.html`), text: await file(`${out}/${week}.txt`) };
  };
  const snapshot = async () => {
    const handle = await openDatabase(env.DATABASE_URL!);
    try {
      const rows = await handle.db
        .selectFrom('edition_facts')
        .select(['week', 'tool', 'entry'])
        .orderBy('week')
        .orderBy('position')
        .execute();
      const w48 = await handle.db
        .selectFrom('editions')
        .select('html')
        .where('week', '=', '2026-W48')
        .executeTakeFirst();
      return { rows: rows.map((r) => `${r.week} ${r.tool} ${r.entry}`), w48: w48?.html };
    } finally {
      await handle.close();
    }
  };

  it('shows exactly the changed facts, both values, once a week has been sent; unsent weeks never count', async () => {
    await cli('subscribers', 'import', join(dir, 'readers.csv'), '--confirmed');

    // Nothing sent yet: no changes, and Gamma's earlier name was never sent.
    const before = await runCli(['check', '--week', '2026-W48'], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('2026-W48: no changes since the tools were last sent\n');
    expect(before.stderr).toContain(
      `warning: ${join(dir, 'content/comparisons/alpha-vs-gamma.md')}: tools[1].previously: no sent edition shows a tool named "Beta"`,
    );
    expect(textChanges((await build('2026-W48', 'unsent')).text)).toEqual([]);

    expect((await cli('send', '--week', '2026-W47')).stdout).toContain('2026-W47: sent 3');

    const w48 = await build('2026-W48', 'first');
    const expected = [
      'Entry: $15/mo → $20/mo since 2026-W47',
      'Panel: 75% → 100% since 2026-W47',
      'Community: 40% → 45% since 2026-W47',
    ];
    expect(textChanges(w48.text)).toEqual(expected);
    expect(htmlChanges(w48.html)).toEqual(expected);
    const checked = await cli('check', '--week', '2026-W48');
    const gammaFile = join(dir, 'content/comparisons/alpha-vs-gamma.md');
    expect(checked.stdout).toContain(
      [
        '2026-W48: 3 changes since the tools were last sent',
        `  alpha (${gammaFile}): Entry: $15/mo → $20/mo since 2026-W47`,
        `  alpha (${gammaFile}): Panel: 75% → 100% since 2026-W47`,
        `  Gamma (${gammaFile}): Community: 40% → 45% since 2026-W47`,
      ].join('\n'),
    );
    expect(checked.stderr).not.toContain('previously');

    // A test copy, a dry run and a build of 2026-W48 are not sends: 2026-W49 still compares with 2026-W47.
    await cli('send', '--week', '2026-W48', '--to', 'editor@example.com');
    await cli('send', '--week', '2026-W48', '--dry-run');
    expect(textChanges((await build('2026-W49', 'unsent')).text)).toEqual([
      'Entry: $15/mo → $30/mo since 2026-W47',
      'Panel: 75% → 100% since 2026-W47',
    ]);
    expect((await snapshot()).rows).toEqual(['2026-W47 Alpha $15/mo', '2026-W47 Beta Free']);

    // The real send of 2026-W48: its emails carry the same lines, and its snapshot has no draft in it.
    expect((await cli('send', '--week', '2026-W48')).stdout).toContain('2026-W48: sent 3');
    const outbox = join(dir, 'out', 'outbox', '2026-W48');
    const messages = await readdir(outbox);
    expect(messages).toHaveLength(3);
    const eml = await readFile(join(outbox, messages[0]!), 'utf8');
    expect(textChanges(textPart(eml))).toEqual(expected);
    expect(htmlChanges(htmlPart(eml))).toEqual(expected);
    const { rows, w48: stored } = await snapshot();
    expect(rows).toEqual([
      '2026-W47 Alpha $15/mo',
      '2026-W47 Beta Free',
      '2026-W48 alpha $20/mo',
      '2026-W48 Gamma Free',
    ]);
    // Build, send and a rebuild after the send render the same bytes for the same history.
    expect(
      webCopy({ week: '2026-W48', subject: '', preheader: '', html: stored!, text: '' }, env.PUBLIC_URL!)
        .html,
    ).toBe(w48.html);
    expect(await build('2026-W48', 'again')).toEqual(w48);

    // Now 2026-W48 is the last time Alpha was covered; the draft's $99/mo never was.
    const w49 = await build('2026-W49', 'after');
    expect(textChanges(w49.text)).toEqual(['Entry: $20/mo → $30/mo since 2026-W48']);
    expect(htmlChanges(w49.html)).toEqual(['Entry: $20/mo → $30/mo since 2026-W48']);
    expect(w49.text).not.toContain('$99/mo');
  });
});
