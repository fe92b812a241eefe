import { describe, expect, it } from 'vitest';
import { renderDigestText } from '../../src/render/digest-text.ts';
import {
  PREFERENCES_URL_PLACEHOLDER,
  RECIPIENT_EMAIL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../src/render/placeholders.ts';
import { TEXT_WIDTH, wrap } from '../../src/render/wrap.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { makeComparison, makeDigest, makeTool } from '../helpers/digest-fixtures.ts';

describe('renderDigestText', () => {
  it('has the title, issue, date range and the web version', () => {
    const text = renderDigestText(makeDigest({ comparisons: 2 }));
    expect(
      text.startsWith('WEEKLY VERDICTS\nIssue 2026-W48 · 23–29 November 2026\n2 comparisons this week\n'),
    ).toBe(true);
    expect(text).toContain('View in your browser:\nhttps://verdicts.example/issues/2026-W48');
    expect(renderDigestText(makeDigest({ webUrl: undefined }))).not.toContain('View in your browser');
  });

  it('contains every comparison URL, in order, and the unsubscribe URL and recipient placeholders', () => {
    const digest = makeDigest({ comparisons: 5 });
    const text = renderDigestText(digest);
    const positions = digest.comparisons.map((c) => text.indexOf(`\n${c.url}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain(`Unsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}`);
    expect(text).toContain(`Sent to ${RECIPIENT_EMAIL_PLACEHOLDER}`);
  });

  it('has no HTML tags or entities, even though the intro is also available as HTML', () => {
    for (const digest of [sampleDigest, makeDigest({ comparisons: 10, quoteLength: 900 })]) {
      const text = renderDigestText(digest);
      expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(text).not.toMatch(/&(amp|lt|gt|quot|#x?[0-9a-f]+);/i);
    }
  });

  it('wraps prose at 72 columns; only lines carrying a URL may run longer', () => {
    const text = renderDigestText(makeDigest({ comparisons: 10, quoteLength: 900 }));
    const long = text.split('\n').filter((line) => Array.from(line).length > TEXT_WIDTH);
    expect(long.every((line) => /https?:\/\//.test(line))).toBe(true);
    expect(text.split('\n').some((line) => Array.from(line).length > 60)).toBe(true);
  });

  it('shows each tool’s category, tagline, panel ship, community, entry and pull quote with reviewer', () => {
    const tool = makeTool(1, {
      category: 'Productivity',
      tagline: 'Notes that write themselves',
      panelShip: 75,
      shipCount: 3,
      reviewCount: 4,
      community: 62,
      entry: '$14/mo',
      quote: { text: 'Thin moat.', verdict: 'skip', reviewerName: 'The Operator', lens: 'Buyer and pricing' },
    });
    const text = renderDigestText(
      makeDigest({ comparisons: [makeComparison(0, { tools: [tool, makeTool(2)] })] }),
    );
    expect(text).toContain('A. TOOL 1\n   Productivity · Notes that write themselves\n');
    expect(text).toContain('   Panel ship  75%  [########--]  3 of 4 reviewers ship\n');
    expect(text).toContain('   Community   62%\n');
    expect(text).toContain('   Entry       $14/mo\n');
    expect(text).toContain('   SKIP — The Operator\n   Buyer and pricing\n\n     “Thin moat.”');
    expect(text).toContain('B. TOOL 2\n');
  });

  it('shows "—" for a missing community vote and for a tool without panel reviews', () => {
    const tool = makeTool(1, {
      panelShip: null,
      shipCount: 0,
      reviewCount: 0,
      community: null,
      quote: undefined,
    });
    const text = renderDigestText(
      makeDigest({ comparisons: [makeComparison(0, { tools: [tool, makeTool(2)] })] }),
    );
    expect(text).toContain('   Panel ship  —    [----------]  No panel reviews yet\n');
    expect(text).toContain('   Community   —\n');
    expect(text).not.toMatch(/NaN|null|undefined/);
  });

  it('marks featured and split comparisons, and only those', () => {
    const text = renderDigestText(
      makeDigest({ comparisons: [makeComparison(0, { featured: true, split: true }), makeComparison(1)] }),
    );
    expect(text.match(/\[FEATURED\]/g)).toHaveLength(1);
    expect(text.match(/\[SPLIT PANEL\]/g)).toHaveLength(1);
    expect(text).toContain('[FEATURED] [SPLIT PANEL]\nTool 1 vs Tool 2\n');
  });

  it('turns the Markdown intro into plain prose with links spelled out', () => {
    const text = renderDigestText(
      makeDigest({
        intro: {
          html: '',
          text: 'Hello **readers**, see [the archive](https://verdicts.example/archive).\n\n- first item\n- second item',
        },
      }),
    );
    expect(text).toContain(
      'FROM THE EDITOR\n\nHello readers, see the archive (https://verdicts.example/archive).\n\n- first item\n- second item\n',
    );
    expect(renderDigestText(makeDigest({ intro: undefined }))).not.toContain('FROM THE EDITOR');
  });

  it('ends with why you get it, the postal address, the preferences and the unsubscribe link', () => {
    const text = renderDigestText(makeDigest({ postalAddress: 'Weekly Verdicts\n1 Main St' }));
    expect(
      text.endsWith(
        `Weekly Verdicts, 1 Main St\n\nChoose topics or pause: ${PREFERENCES_URL_PLACEHOLDER}\nUnsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}\n`,
      ),
    ).toBe(true);
    expect(text).toContain(
      'You are receiving this because you subscribed to Weekly Verdicts at\nverdicts.example.',
    );
  });

  it('is deterministic', () => {
    expect(renderDigestText(sampleDigest)).toBe(renderDigestText(structuredClone(sampleDigest)));
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, with hanging indents', () => {
    const out = wrap('word '.repeat(40), '  ', '    ');
    const lines = out.split('\n');
    expect(lines.every((line) => line.length <= TEXT_WIDTH)).toBe(true);
    expect(lines[0]!.startsWith('  word')).toBe(true);
    expect(lines[1]!.startsWith('    word')).toBe(true);
  });

  it('keeps a word longer than a line whole', () => {
    const url = `https://verdicts.example/${'x'.repeat(80)}`;
    expect(wrap(`see ${url} now`)).toBe(`see\n${url}\nnow`);
  });
});
