import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { makeComparison, makeDigest, makeTool } from '../helpers/digest-fixtures.ts';

/** What a reader sees in a browser-like client: layout at phone and desktop widths, both colour schemes. */
describe('digest layout in Chromium', () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    browser = await launchChromium();
    html = await renderDigestHtml(sampleDigest);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, colorScheme: 'light' | 'dark', content = html): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.emulateMedia({ colorScheme });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(content, { waitUntil: 'load' });
    return page;
  }

  /** Boxes of the two tool panels of the first comparison. */
  async function panels(page: Page) {
    const boxes = await page.locator('.wv-col').evaluateAll((els) =>
      els.slice(0, 2).map((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width };
      }),
    );
    return boxes as [(typeof boxes)[0], (typeof boxes)[0]];
  }

  it('puts the two tools side by side at 600px', async () => {
    const page = await open(600, 'light');
    const [a, b] = await panels(page);
    expect(Math.abs(a.top - b.top)).toBeLessThan(1);
    expect(b.left).toBeGreaterThan(a.right);
    expect(Math.abs(a.width - b.width)).toBeLessThan(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);
    await page.close();
  });

  it('stacks them full width at 375px without horizontal overflow', async () => {
    const page = await open(375, 'light');
    const [a, b] = await panels(page);
    expect(b.top).toBeGreaterThanOrEqual(a.bottom);
    expect(Math.abs(a.left - b.left)).toBeLessThan(1);
    expect(a.width).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });

  it('switches to the dark palette, keeping body text readable', async () => {
    const light = await open(600, 'light');
    const dark = await open(600, 'dark');
    const colours = (page: Page) =>
      page.evaluate(() => {
        const title = document.querySelector('h2 a') as HTMLElement;
        const card = title.closest('.wv-card') as HTMLElement;
        return {
          body: getComputedStyle(document.body).backgroundColor,
          title: getComputedStyle(title).color,
          card: getComputedStyle(card).backgroundColor,
        };
      });
    const l = await colours(light);
    const d = await colours(dark);
    expect(d.body).not.toBe(l.body);
    expect(d.card).not.toBe(l.card);
    expect(contrastOf(d.title, d.card)).toBeGreaterThanOrEqual(4.5);
    expect(contrastOf(l.title, l.card)).toBeGreaterThanOrEqual(4.5);
    await light.close();
    await dark.close();
  });

  it('shows hostile titles as text and runs nothing', async () => {
    const hostile = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">';
    const content = await renderDigestHtml(
      makeDigest({
        comparisons: [
          makeComparison(0, { title: hostile, tools: [makeTool(1, { name: hostile }), makeTool(2)] }),
        ],
      }),
    );
    const page = await open(600, 'light', content);
    expect(await page.locator('h2').first().textContent()).toBe(hostile);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script, body img').count()).toBe(0);
    await page.close();
  });
});

/** Contrast between two computed `rgb(r, g, b)` colours. */
function contrastOf(a: string, b: string): number {
  const lum = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
