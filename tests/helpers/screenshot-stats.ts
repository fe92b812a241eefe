/**
 * Screenshots the preview's Stats page at desktop and phone widths into out/stats/:
 * `npx tsx tests/helpers/screenshot-stats.ts`. Twelve seeded editions on SQLite in a temp folder, served
 * by the real preview app, in a real browser with every request to another origin refused.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { recentEditionFigures } from '../../src/store/engagement/edition-stats.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { launchChromium } from './chromium.ts';
import { createTestDatabase } from './databases.ts';
import { seedEngagement } from './engagement-fixtures.ts';
import { copySampleContent, previewApp } from './preview-fixtures.ts';
import { freePort } from './serve-process.ts';

const outDir = resolve(import.meta.dirname, '../../out/stats');
await mkdir(outDir, { recursive: true });
const database = await createTestDatabase('sqlite');
const handle = await openDatabase(database.url);
const folders = await copySampleContent();
await seedEngagement(handle, { editions: 12, readers: 60 });
const { app } = previewApp(folders, { engagement: () => recentEditionFigures(handle, 12) });
const port = await freePort();
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
const browser = await launchChromium();
try {
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === `http://127.0.0.1:${port}`) return route.continue();
      foreign.push(route.request().url());
      return route.abort();
    });
    await page.goto(`http://127.0.0.1:${port}/stats`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const file = `stats-${width}.png`;
    await page.screenshot({ path: resolve(outDir, file), fullPage: true });
    // The top of the page on its own, at the size a reader sees it.
    await page.screenshot({ path: resolve(outDir, `stats-${width}-top.png`) });
    console.log(
      `out/stats/${file}${overflow > 0 ? ` (overflows by ${overflow}px)` : ''}${foreign.length ? ` foreign: ${foreign.join(' ')}` : ''}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  await handle.close();
  await database.cleanup();
  await folders.cleanup();
}
