import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { gateEdition, worstCaseRecipient } from '../../src/gate/run-gate.ts';
import { formatFinding } from '../../src/gate/types.ts';
import { makeComparison, makeDigest, makeTool } from '../helpers/digest-fixtures.ts';
import { gateDigest, SENDER } from '../helpers/gate-fixtures.ts';

const config = loadConfig({});
const source = (contentDir = 'content', issuesDir = 'issues') => ({
  files: fileSystemContent,
  contentDir,
  issuesDir,
  siteUrl: config.siteUrl,
  publicUrl: SENDER.publicUrl,
  postalAddress: config.postalAddress,
  timezone: 'UTC',
});
const now = new Date('2026-11-27T12:00:00Z');

describe('the pre-send gate', () => {
  it('passes every sample week with no errors', async () => {
    for (const week of ['2026-W46', '2026-W47', '2026-W48']) {
      const gate = gateEdition(await prepareEdition(source(), week, now), SENDER);
      expect(gate.errors.map(formatFinding), week).toEqual([]);
    }
  });

  it('passes everything the template can show: logos, web link, lists and links in the intro, long issues', async () => {
    const digest = makeDigest({
      comparisons: [
        makeComparison(0, {
          featured: true,
          split: true,
          tools: [
            makeTool(1, { logo: 'https://cdn.example/one.png' }),
            makeTool(2, { community: null, panelShip: null, quote: undefined }),
          ],
        }),
        ...Array.from({ length: 7 }, (_, i) => makeComparison(i + 1, {}, { quoteLength: 600 })),
      ],
      intro: {
        html: '<p>Hello <strong>there</strong>, see <a href="https://verdicts.example/x">this</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
        text: 'Hello',
      },
    });
    const gate = await gateDigest(digest);
    expect(gate.errors.map(formatFinding)).toEqual([]);
    expect(gate.warnings.map((finding) => finding.rule)).toEqual(['compatibility']);
  });

  it('names the file and field behind a content violation of the sample week', async () => {
    const prepared = await prepareEdition(
      source('tests/fixtures/gate-broken', 'tests/fixtures/gate-broken/issues'),
      '2026-W48',
      now,
    );
    expect(prepared.problems).toEqual([]);
    const gate = gateEdition(prepared, SENDER);
    expect(gate.errors.map(formatFinding)).toEqual([
      'tests/fixtures/gate-broken/issues/2026-W48.md: intro: link "/compare/older-one" is not absolute: write the full address (https://…), a mail client has no page to resolve it against [links]',
      'tests/fixtures/gate-broken/issues/2026-W48.md: intro: image "http://images.example.com/chart.png" must load from an absolute https URL: clients block or cannot resolve anything else [images]',
    ]);
    expect(gate.warnings.map(formatFinding)).toContain(
      'tests/fixtures/gate-broken/comparisons/alpha-vs-beta.md: tools[0].url: link "http://alpha-notes.example.com" is http, not https [links]',
    );
  });

  it('measures the largest message anyone gets: a 254-character address and a full-length token', () => {
    const { email, subscriberId } = worstCaseRecipient();
    expect(email).toHaveLength(254);
    expect(
      email
        .split('@')[1]!
        .split('.')
        .every((label) => label.length <= 63),
    ).toBe(true);
    expect(Number.isSafeInteger(subscriberId)).toBe(true);
  });
});
