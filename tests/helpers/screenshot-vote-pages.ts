/**
 * Screenshots the vote page (GET) and the page after a vote (POST) at 375 and 600 px, light and dark, into
 * out/pages/: `npx tsx tests/helpers/screenshot-vote-pages.ts`. A real week is sent to the outbox first
 * (SQLite in a temp folder); the browser's requests are answered by the composed app.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchChromium } from './chromium.ts';
import { PUBLIC_URL, votingWeek } from './vote-harness.ts';

const outDir = resolve(import.meta.dirname, '../../out/pages');
await mkdir(outDir, { recursive: true });
const week = await votingWeek('sqlite');
const link = week.inbox.get('ada@example.com')!.links.find((l) => l.tool === '0' && l.choice === 'ship')!;
const browser = await launchChromium();
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [375, 600]) {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      await page.emulateMedia({ colorScheme: scheme });
      await page.route(`${PUBLIC_URL}/**`, async (route) => {
        const request = route.request();
        const path = request.url().slice(PUBLIC_URL.length);
        const post = request.method() === 'POST';
        const answer = await week.request(path, {
          method: request.method(),
          headers: request.headers(),
          ...(post ? { body: request.postData() ?? '' } : {}),
        });
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          headers[name] = value;
        });
        await route.fulfill({
          status: answer.status,
          headers,
          body: Buffer.from(await answer.arrayBuffer()),
        });
      });
      const suffix = `${width}${scheme === 'dark' ? '-dark' : ''}`;
      await page.goto(`${PUBLIC_URL}${link.path}`);
      await page.screenshot({ path: resolve(outDir, `vote-${suffix}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Ship it' }).click();
      await page.waitForLoadState();
      await page.screenshot({ path: resolve(outDir, `voted-${suffix}.png`), fullPage: true });
      console.log(`out/pages/vote-${suffix}.png out/pages/voted-${suffix}.png`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await week.close();
}
