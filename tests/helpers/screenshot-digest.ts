/**
 * Renders the sample digest to out/digest.html and screenshots it at phone and desktop widths, light and
 * dark: `npx tsx tests/helpers/screenshot-digest.ts`. Prints the paths and the HTML size. With
 * `--topic-copy`, a reader's copy of one comparison of the week instead (out/topic-copy*).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { launchChromium } from './chromium.ts';

const outDir = resolve(import.meta.dirname, '../../out');
await mkdir(outDir, { recursive: true });
const topicCopy = process.argv.includes('--topic-copy');
const digest = topicCopy
  ? {
      ...sampleDigest,
      comparisons: sampleDigest.comparisons.slice(0, 1),
      weekTotal: sampleDigest.comparisons.length,
    }
  : sampleDigest;
const name = topicCopy ? 'topic-copy' : 'digest';
const html = await renderDigestHtml(digest);
await writeFile(resolve(outDir, `${name}.html`), html);
await writeFile(resolve(outDir, `${name}.txt`), renderDigestText(digest));
console.log(`out/${name}.html ${Buffer.byteLength(html)} bytes`);

const browser = await launchChromium();
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [600, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.emulateMedia({ colorScheme: scheme });
      // No network: the email must stand on its own.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const file = `${name}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
      await page.screenshot({ path: resolve(outDir, file), fullPage: true });
      console.log(`out/${file}${overflow > 0 ? ` (overflows by ${overflow}px)` : ''}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
