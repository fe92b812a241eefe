import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { Digest, DigestTool } from '../../src/render/digest-model.ts';
import { communityLabel, panelShipLabel, shipCaption, verdictLabel } from '../../src/render/digest-text.ts';
import { baseCss, darkCss, fonts, light, verdictColors } from '../../templates/digest/styles.ts';

/**
 * The same digest as templates/digest/*.tsx, written as MJML + Handlebars (bench/fixtures/digest.mjml.hbs):
 * the same masthead, note, cards, panels, meters, quotes and footer, the same CSS blocks and palette.
 * Only the benchmark uses it, to compare renderers on equal content.
 */
export async function loadMjmlDigest(): Promise<(digest: Digest) => Promise<string>> {
  const hbs = Handlebars.create();
  hbs.registerHelper('url', (value: unknown) => (typeof value === 'string' ? value : '#'));
  hbs.registerHelper('upper', (value: unknown) => String(value).toUpperCase());
  const template = hbs.compile(
    await readFile(new URL('../fixtures/digest.mjml.hbs', import.meta.url), 'utf8'),
    { strict: false },
  );
  const tool = (t: DigestTool) => {
    const filled = t.panelShip === null ? 0 : Math.min(100, Math.max(0, Math.round(t.panelShip)));
    return {
      ...t,
      filled,
      unfilled: filled < 100,
      shipLabel: panelShipLabel(t.panelShip),
      shipCaption: shipCaption(t.panelShip, t.shipCount, t.reviewCount),
      communityLabel: communityLabel(t.community),
      quote: t.quote && {
        ...t.quote,
        text: t.quote.text.trim(),
        label: verdictLabel(t.quote.verdict).toUpperCase(),
        colors: verdictColors[t.quote.verdict],
      },
    };
  };
  return async (digest) => {
    const mjml = template({
      ...digest,
      count: digest.comparisons.length,
      comparisons: digest.comparisons.map((c) => ({ ...c, tools: c.tools.map(tool) })),
      siteHost: digest.siteUrl.replace(/^https?:\/\//i, '').replace(/\/+$/, ''),
      postalLines: digest.postalAddress
        .split(/\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .join(', '),
      colors: light,
      fonts,
      baseCss,
      darkCss,
    });
    const result = await mjml2html(mjml, { fonts: {}, validationLevel: 'soft' });
    if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.formattedMessage).join('; '));
    return result.html;
  };
}
