/**
 * Renders the sample digest to out/digest.html and screenshots it at phone and desktop widths, light and
 * dark: `npx tsx tests/helpers/screenshot-digest.ts`. Prints the paths and the HTML size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { launchChromium } from './chromium.ts';

const outDir = resolve(import.meta.dirname, '../../out');
await mkdir(outDir, { recursive: true });
const html = await renderDigestHtml(sampleDigest);
await writeFile(resolve(outDir, 'digest.html'), html);
await writeFile(resolve(outDir, 'digest.txt'), renderDigestText(sampleDigest));
console.log(`out/digest.html ${Buffer.byteLength(html)} bytes`);

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
      const file = `digest-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
      await page.screenshot({ path: resolve(outDir, file), fullPage: true });
      console.log(`out/${file}${overflow > 0 ? ` (overflows by ${overflow}px)` : ''}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
