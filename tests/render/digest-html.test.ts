import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { webCopy } from '../../src/edition/web-copy.ts';
import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../../src/render/placeholders.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { makeComparison, makeDigest, makeTool } from '../helpers/digest-fixtures.ts';

/** Gmail clips a message whose HTML exceeds 102 KB (102 × 1024 bytes). */
const GMAIL_CLIP_BYTES = 102 * 1024;

/** Text a reader sees: tags and the hidden preheader removed, entities decoded for the few React emits. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<div style="display:none[\s\S]*?<\/div><\/div>/, '')
    .replace(/<\/?(a|b|strong|em|span)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * Names of all attributes on real tags. Every `<` from content is escaped, so whatever sits between < and >
 * is a tag; dropping the double-quoted values (their inner quotes are escaped) leaves only names.
 */
function attributeNames(html: string): string[] {
  const names = new Set<string>();
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    for (const [, name] of tag.replace(/"[^"]*"/g, '').matchAll(/\s([a-z-]+)=/gi))
      names.add(name!.toLowerCase());
  }
  return [...names];
}

describe('renderDigestHtml', () => {
  it('escapes hostile content everywhere it is shown', async () => {
    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> Tom & Jerry\'s "best"';
    const digest = makeDigest({
      subject: hostile,
      preheader: hostile,
      comparisons: [
        makeComparison(0, {
          title: hostile,
          summary: hostile,
          url: 'https://verdicts.example/compare/x?a=1&b="><script>alert(3)</script>',
          tools: [
            makeTool(1, {
              name: hostile,
              category: hostile,
              tagline: hostile,
              entry: hostile,
              url: 'javascript:alert(4)',
              logo: 'https://cdn.example/logo.png" onerror="alert(5)',
              quote: { text: hostile, verdict: 'skip', reviewerName: hostile, lens: hostile },
            }),
            makeTool(2),
          ],
        }),
      ],
    });
    const html = await renderDigestHtml(digest);

    expect(html).not.toMatch(/<script/i);
    expect(attributeNames(html)).not.toContain('onerror');
    expect(html).not.toContain('javascript:');
    // The only image is the logo, and its URL stays inside the src attribute.
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).toContain('src="https://cdn.example/logo.png&quot; onerror=&quot;alert(5)"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry');
    expect(html).toContain('href="https://verdicts.example/compare/x?a=1&amp;b=&quot;&gt;&lt;script&gt;');
    // The reader sees the text exactly as written.
    expect(visibleText(html)).toContain(hostile);
  });

  it('keeps the per-recipient placeholders verbatim for substitution', async () => {
    const html = await renderDigestHtml(makeDigest());
    expect(html).toContain(`href="${UNSUBSCRIBE_URL_PLACEHOLDER}"`);
    expect(html).toContain(`Sent to ${RECIPIENT_EMAIL_PLACEHOLDER}`);
  });

  it('is deterministic: same input, same bytes, whatever was rendered in between', async () => {
    const digest = makeDigest({ comparisons: 4 });
    const first = await renderDigestHtml(digest);
    await renderDigestHtml(sampleDigest);
    const second = await renderDigestHtml(structuredClone(digest));
    expect(second).toBe(first);
  });

  it('stays under Gmail’s clipping limit with 10 comparisons and ~900-character quotes', async () => {
    const digest = makeDigest({ comparisons: 10, quoteLength: 900 });
    expect(digest.comparisons.every((c) => c.tools.every((t) => (t.quote?.text.length ?? 0) >= 900))).toBe(
      true,
    );
    const bytes = Buffer.byteLength(await renderDigestHtml(digest));
    expect(bytes).toBeLessThan(GMAIL_CLIP_BYTES);
    // Regression guard, well inside the limit: leaves room for click-tracking links and real unsubscribe URLs.
    expect(bytes).toBeLessThan(84 * 1024);
  });

  it('builds the sample week 2026-W47 (five comparisons) in at most 40 KB of HTML', async () => {
    const config = loadConfig({});
    const prepared = await prepareEdition(
      { files: fileSystemContent, ...config },
      '2026-W47',
      new Date('2026-11-27T12:00:00Z'),
    );
    expect(prepared.assembled.comparisons).toHaveLength(5);
    // What `verdicts build --week 2026-W47` writes, and reports as htmlBytes.
    const { html } = webCopy(prepared.rendered, config.publicUrl);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(40 * 1024);
  });

  it('is not prettified', async () => {
    const html = await renderDigestHtml(makeDigest({ comparisons: 1 }));
    expect(html.split('\n').length).toBeLessThan(5);
  });

  it('shows the masthead: brand, issue, date range, comparison count and the web version', async () => {
    const html = await renderDigestHtml(makeDigest({ comparisons: 2 }));
    const text = visibleText(html);
    expect(text).toContain('Weekly Verdicts');
    expect(text).toContain('Issue 2026-W48');
    expect(text).toContain('23–29 November 2026 · 2 comparisons');
    expect(html).toContain('href="https://verdicts.example/issues/2026-W48"');
    expect(text).toContain('View in browser');

    const noWeb = await renderDigestHtml(makeDigest({ webUrl: undefined }));
    expect(noWeb).not.toContain('View in browser');
  });

  it('puts the preheader in the hidden preview and the subject in the title', async () => {
    const html = await renderDigestHtml(
      makeDigest({ preheader: 'Peek at this week', subject: 'The subject' }),
    );
    expect(html).toMatch(/<div style="display:none[^"]*"[^>]*>Peek at this week/);
    expect(html).toContain('<title>The subject</title>');
  });

  it('inserts the editor’s intro HTML as is, and leaves it out when there is none', async () => {
    const intro = {
      html: '<p>Hello <em>readers</em> &amp; friends.</p>\n',
      text: 'Hello *readers* & friends.',
    };
    const html = await renderDigestHtml(makeDigest({ intro }));
    expect(html).toContain('From the editor');
    expect(html).toMatch(/<div class="wv-intro"[^>]*><p>Hello <em>readers<\/em> &amp; friends.<\/p>/);

    const without = await renderDigestHtml(makeDigest({ intro: undefined }));
    expect(without).not.toContain('From the editor');
  });

  it('renders the comparisons in the given order, each title linking to its page', async () => {
    const digest = makeDigest({ comparisons: 3 });
    const html = await renderDigestHtml(digest);
    const positions = digest.comparisons.map((c) => html.indexOf(`<a href="${c.url}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html.match(/Read the full comparison/g)).toHaveLength(3);
  });

  it('labels the featured comparison and split panels, and only those', async () => {
    const marked = await renderDigestHtml(
      makeDigest({
        comparisons: [
          makeComparison(0, { featured: true }),
          makeComparison(1, { split: true }),
          makeComparison(2),
        ],
      }),
    );
    expect(marked.match(/>FEATURED</g)).toHaveLength(1);
    expect(marked.match(/>SPLIT PANEL</g)).toHaveLength(1);
    expect(marked.indexOf('FEATURED')).toBeLessThan(marked.indexOf('Tool 1 vs Tool 2'));
    expect(marked.indexOf('SPLIT PANEL')).toBeGreaterThan(marked.indexOf('Tool 1 vs Tool 2'));
    expect(marked.indexOf('SPLIT PANEL')).toBeLessThan(marked.indexOf('Tool 3 vs Tool 4'));

    const plain = await renderDigestHtml(makeDigest({ comparisons: 2 }));
    expect(plain).not.toContain('FEATURED');
    expect(plain).not.toContain('SPLIT PANEL');
  });

  it('shows both tools side by side with ship bar, counts, community, entry and a verdict quote', async () => {
    const tool = makeTool(1, {
      panelShip: 75,
      shipCount: 3,
      reviewCount: 4,
      community: 62,
      entry: '$20/mo',
      quote: { text: 'Worth it.', verdict: 'skip', reviewerName: 'The Skeptic', lens: 'Failure modes' },
    });
    const html = await renderDigestHtml(
      makeDigest({ comparisons: [makeComparison(0, { tools: [tool, makeTool(2)] })] }),
    );
    const text = visibleText(html);
    expect(html.match(/class="wv-col wv-panel/g)).toHaveLength(2);
    expect(html).toMatch(/<td class="wv-fill" width="75%"/);
    expect(text).toContain('75% PANEL SHIP');
    expect(text).toContain('3 of 4 reviewers ship');
    expect(text).toContain('COMMUNITY 62%');
    expect(text).toContain('ENTRY $20/mo');
    expect(text).toContain('SKIP “Worth it.” — The Skeptic Failure modes');
    expect(text).toContain('DEVELOPER TOOLS Tool 1 Tagline of tool 1');
  });

  it('shows "—" for a missing community vote and for a tool without panel reviews', async () => {
    const unreviewed = makeTool(2, {
      panelShip: null,
      shipCount: 0,
      reviewCount: 0,
      community: null,
      quote: undefined,
    });
    const html = await renderDigestHtml(
      makeDigest({ comparisons: [makeComparison(0, { tools: [makeTool(1), unreviewed] })] }),
    );
    const text = visibleText(html);
    expect(text).toContain('— PANEL SHIP No panel reviews yet');
    expect(text).toContain('COMMUNITY —');
    expect(html).not.toMatch(/NaN|null|undefined/);
    // An empty track: no filled cell for the tool without reviews.
    expect(html.match(/class="wv-fill"/g)).toHaveLength(1);
  });

  it('draws a full bar at 100% and an empty one at 0%', async () => {
    const full = makeTool(1, { panelShip: 100, shipCount: 4, reviewCount: 4 });
    const none = makeTool(2, { panelShip: 0, shipCount: 0, reviewCount: 1 });
    const html = await renderDigestHtml(
      makeDigest({ comparisons: [makeComparison(0, { tools: [full, none] })] }),
    );
    // A full bar is the fill cell alone, which takes the whole track without a width of its own.
    expect(html).toMatch(/<tr><td class="wv-fill" style="[^"]*">\u00a0<\/td><\/tr>/);
    expect(html.match(/class="wv-fill"/g)).toHaveLength(1);
    expect(visibleText(html)).toContain('0 of 1 reviewer ships');
  });

  it('renders a logo only when one is set, with alt text', async () => {
    const withLogo = makeTool(1, { logo: 'https://cdn.example/tool-1.png' });
    const html = await renderDigestHtml(
      makeDigest({ comparisons: [makeComparison(0, { tools: [withLogo, makeTool(2)] })] }),
    );
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).toMatch(/<img alt="Tool 1 logo"[^>]*src="https:\/\/cdn.example\/tool-1.png"/);
    expect(await renderDigestHtml(makeDigest())).not.toContain('<img');
  });

  it('has the footer: why, who it was sent to, the postal address and unsubscribe', async () => {
    const html = await renderDigestHtml(
      makeDigest({ postalAddress: 'Weekly Verdicts\n1 Main St\nSpringfield' }),
    );
    const text = visibleText(html);
    expect(text).toContain(
      'You are receiving this because you subscribed to Weekly Verdicts at verdicts.example.',
    );
    expect(text).toContain('Weekly Verdicts, 1 Main St, Springfield');
    expect(html).toMatch(new RegExp(`<a href="${UNSUBSCRIBE_URL_PLACEHOLDER}"[^>]*>Unsubscribe</a>`));
  });

  it('declares light and dark support, stacks columns on narrow screens and loads no web fonts', async () => {
    const html = await renderDigestHtml(makeDigest());
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"/>');
    expect(html).toMatch(
      /@media \(max-width:480px\)\{[^}]*\}*.*\.wv-col\{display:block!important;width:100%!important/,
    );
    expect(html).toContain('@media (prefers-color-scheme:dark)');
    expect(html).not.toMatch(/<link|@import|@font-face|fonts\.googleapis/);
  });
});
