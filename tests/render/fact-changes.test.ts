import { textContent } from 'domutils';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { AssembledWeek } from '../../src/content/assemble.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { parseWeekId } from '../../src/content/week.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { webCopy } from '../../src/edition/web-copy.ts';
import { parseHtml, select } from '../../src/gate/html.ts';
import { buildDigest } from '../../src/render/build-digest.ts';
import { changeLine, changeText } from '../../src/render/change-line.ts';
import { compareFacts, type PastFacts } from '../../src/render/compare-facts.ts';
import type { Digest } from '../../src/render/digest-model.ts';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { shownFacts } from '../../src/render/shown-facts.ts';
import { makeComparison, makeTool, review } from '../helpers/content-fixtures.ts';
import { memoryHistory } from '../helpers/memory-history.ts';

const SETTINGS = { siteUrl: 'https://verdicts.example', postalAddress: 'Weekly Verdicts, 1 Main St' };
const REVIEWERS = [{ id: 'builder', name: 'The Builder', lens: 'Developer experience' }];

/** One comparison: Alpha at $20/mo, 4 of 4 ship, 62% community; Beta free, no reviews, no votes. */
function week(): AssembledWeek {
  const iso = parseWeekId('2026-W49', 'UTC');
  if ('error' in iso) throw new Error(iso.error);
  const comparison = makeComparison('alpha-vs-beta', '2026-12-01T00:00:00.000Z', {
    tools: [
      makeTool('Alpha', { entry: '$20/mo', community: 62 }),
      makeTool('Beta', { previously: 'Old Beta' }),
    ],
    reviews: ['ship', 'ship', 'ship', 'ship'].map((v) => review('Alpha', v as 'ship')),
  });
  return { week: iso, comparisons: [comparison], problems: [] };
}

const past = (overrides: Partial<PastFacts> = {}): PastFacts => ({
  week: '2026-W48',
  entry: '$20/mo',
  panelShip: 100,
  community: 62,
  ...overrides,
});

function digestWith(lastShown: Parameters<typeof buildDigest>[3]): Digest {
  return buildDigest(week(), REVIEWERS, SETTINGS, lastShown);
}

/** The lines (block elements' text) of each tool panel of the first comparison, as a reader sees them. */
async function panelLines(digest: Digest): Promise<string[][]> {
  const doc = parseHtml(await renderDigestHtml(digest));
  return select('td.wv-col', doc).map((cell) => select('div', cell).map((div) => textContent(div)));
}

describe('compareFacts', () => {
  it('reports only the facts that read differently, old and new value as readers see them', () => {
    expect(compareFacts({ entry: '$20/mo', panelShip: 100, community: 62 }, past())).toBeUndefined();
    expect(
      compareFacts({ entry: '$20/mo', panelShip: 100, community: 62 }, past({ entry: 'Free · Pro $15/mo' })),
    ).toEqual({ since: '2026-W48', facts: [{ fact: 'entry', from: 'Free · Pro $15/mo', to: '$20/mo' }] });
    expect(
      compareFacts(
        { entry: 'Free', panelShip: null, community: 70 },
        past({ panelShip: 75, community: null }),
      ),
    ).toEqual({
      since: '2026-W48',
      facts: [
        { fact: 'entry', from: '$20/mo', to: 'Free' },
        { fact: 'panel', from: '75%', to: '—' },
        { fact: 'community', from: '—', to: '70%' },
      ],
    });
  });

  it('ignores a difference that does not show: 62.4% and 62.2% both read 62%', () => {
    expect(
      compareFacts({ entry: '$20/mo', panelShip: 100, community: 62.4 }, past({ community: 62.2 })),
    ).toBeUndefined();
  });

  it('words a change the same everywhere', () => {
    const entry = { fact: 'entry', from: 'Free · Pro $15/mo', to: '$20/mo' } as const;
    expect(changeText(entry)).toBe('Entry: Free · Pro $15/mo → $20/mo');
    expect(changeLine(entry, '2026-W48')).toBe('Entry: Free · Pro $15/mo → $20/mo since 2026-W48');
    expect(changeLine({ fact: 'panel', from: '75%', to: '100%' }, '2026-W48')).toBe(
      'Panel: 75% → 100% since 2026-W48',
    );
  });
});

describe('change lines in the digest', () => {
  it('shows each changed fact next to its tool, in the HTML and the text part, with both values', async () => {
    const digest = digestWith((tool) =>
      tool.name === 'Alpha' ? past({ entry: '$15/mo', panelShip: 75 }) : undefined,
    );
    const [alpha, beta] = digest.comparisons[0]!.tools;
    expect(alpha.changes).toEqual({
      since: '2026-W48',
      facts: [
        { fact: 'entry', from: '$15/mo', to: '$20/mo' },
        { fact: 'panel', from: '75%', to: '100%' },
      ],
    });
    expect(beta.changes).toBeUndefined();

    const [alphaPanel, betaPanel] = await panelLines(digest);
    const changed = alphaPanel!.indexOf('Changed since 2026-W48');
    expect(changed).toBeGreaterThan(0);
    expect(alphaPanel!.slice(changed + 1, changed + 3)).toEqual([
      'Entry: $15/mo → $20/mo',
      'Panel: 75% → 100%',
    ]);
    // Only these two: no other fact of Alpha changed.
    expect(alphaPanel!.filter((line) => /^(Entry|Panel|Community): /.test(line))).toHaveLength(2);
    expect(betaPanel!.join('\n')).not.toMatch(/Changed| → /);

    const text = renderDigestText(digest);
    expect(text).toContain(
      [
        '   Entry       $20/mo',
        '   Changed     since 2026-W48',
        '               Entry: $15/mo → $20/mo',
        '               Panel: 75% → 100%',
        '',
      ].join('\n'),
    );
    expect(text.match(/ → /g)).toHaveLength(2);
  });

  it('adds nothing when every fact is unchanged: the same bytes as with no history at all', async () => {
    const unchanged = digestWith((tool) =>
      tool.name === 'Alpha' ? past() : { week: '2026-W48', entry: 'Free', panelShip: null, community: null },
    );
    const none = digestWith(undefined);
    expect(await renderDigestHtml(unchanged)).toBe(await renderDigestHtml(none));
    expect(renderDigestText(unchanged)).toBe(renderDigestText(none));
    expect(renderDigestText(none)).not.toContain('Changed');
  });

  it('asks for the last facts with the tool as written, so `previously` can be matched', () => {
    const asked: (string | undefined)[] = [];
    digestWith((tool) => {
      asked.push(tool.previously);
      return undefined;
    });
    expect(asked).toEqual([undefined, 'Old Beta']);
  });

  it('keeps the facts shown, in digest order, for the snapshot', () => {
    expect(shownFacts(digestWith(undefined))).toEqual([
      {
        position: 0,
        comparison: 'alpha-vs-beta',
        title: 'alpha-vs-beta title',
        tool: 'Alpha',
        entry: '$20/mo',
        panelShip: 100,
        community: 62,
      },
      {
        position: 1,
        comparison: 'alpha-vs-beta',
        title: 'alpha-vs-beta title',
        tool: 'Beta',
        entry: 'Free',
        panelShip: null,
        community: null,
      },
    ]);
  });

  it('renders the same bytes for the same history', async () => {
    const lastShown = () => past({ entry: '$15/mo', community: 50 });
    const [a, b] = [digestWith(lastShown), digestWith(lastShown)];
    expect(await renderDigestHtml(a)).toBe(await renderDigestHtml(b));
    expect(renderDigestText(a)).toBe(renderDigestText(b));
  });
});

describe('the sample week with change lines', () => {
  it('builds 2026-W47 in at most 40 KB of HTML with five of its ten tools changed in every fact', async () => {
    const config = loadConfig({});
    const tools = ['Cursor Background Agents', 'SmolVLM2-2B', 'Qdrant Cloud', 'pgvector', 'Browser Use'];
    const history = memoryHistory([
      {
        week: '2026-W45',
        sentAt: '2026-11-09T09:00:00.000Z',
        facts: tools.map((tool) => ({ tool, entry: '$9/mo', panelShip: 10, community: 1 })),
      },
    ]);
    const prepared = await prepareEdition(
      { files: fileSystemContent, ...config, history },
      '2026-W47',
      new Date('2026-11-27T12:00:00Z'),
    );
    expect(prepared.rendered.text.match(/^ {3}Changed {5}since 2026-W45$/gm)).toHaveLength(5);
    expect(prepared.rendered.text.match(/^ {15}(Entry|Panel|Community): .+ → .+$/gm)).toHaveLength(15);
    // What `verdicts build --week 2026-W47` writes.
    const { html } = webCopy(prepared.rendered, config.publicUrl);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(40 * 1024);
  });
});
