/**
 * Screenshots the server's pages and the confirmation email at phone and desktop widths into out/:
 * `npx tsx tests/helpers/screenshot-pages.ts`. Drives a real browser through the real app (SQLite
 * in a temp folder), JavaScript off, light and dark.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { preferencesToken } from '../../src/subscribers/tokens.ts';
import { launchChromium } from './chromium.ts';
import { freePort } from './serve-process.ts';
import { linkIn, SECRET, serverHarness } from './server-harness.ts';

const outDir = resolve(import.meta.dirname, '../../out/pages');
await mkdir(outDir, { recursive: true });
const h = await serverHarness('sqlite', { allowedHosts: '127.0.0.1' });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = serve({ fetch: h.app.fetch, port });
const browser = await launchChromium();

type Step = (page: Page) => Promise<void>;
/** The preferences link of the address that signed up in the steps above. */
async function preferencesLink(): Promise<string> {
  const reader = await h.subscribers.findByEmail('ada.lovelace.with.a.long.address@example.com');
  return `${base}/preferences?token=${preferencesToken(SECRET, reader!.id)}`;
}
const shots: Array<[string, Step]> = [
  ['home', (page) => page.goto(`${base}/`).then(() => undefined)],
  [
    'home-errors',
    async (page) => {
      await page.goto(`${base}/`);
      await page.fill('#email', 'ada@@example');
      await page.fill('#name', 'Ada');
      await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
      await page.click('button[type=submit]');
    },
  ],
  [
    'check-inbox',
    async (page) => {
      await page.goto(`${base}/`);
      await page.fill('#email', 'ada.lovelace.with.a.long.address@example.com');
      await page.click('button[type=submit]');
      await page.waitForURL('**/check-your-inbox');
      await h.tasks.idle();
    },
  ],
  ['confirm', (page) => page.goto(`${base}${linkIn(h.sent[0], '/confirm')}`).then(() => undefined)],
  [
    'confirmed',
    async (page) => {
      await page.goto(`${base}${linkIn(h.sent[0], '/confirm')}`);
      await page.click('button[type=submit]');
    },
  ],
  ['already-confirmed', (page) => page.goto(`${base}${linkIn(h.sent[0], '/confirm')}`).then(() => undefined)],
  ['unsubscribe', (page) => page.goto(`${base}${linkIn(h.sent[1], '/unsubscribe')}`).then(() => undefined)],
  [
    'unsubscribed',
    async (page) => {
      await page.goto(`${base}${linkIn(h.sent[1], '/unsubscribe')}`);
      await page.click('button[type=submit]');
    },
  ],
  ['preferences', async (page) => void (await page.goto(await preferencesLink()))],
  [
    'preferences-saved',
    async (page) => {
      await page.goto(await preferencesLink());
      await page.check('input[name=topics] >> nth=0');
      await page.check('input[name=topics] >> nth=2');
      await page.check('input[name=pause_weeks][value="2"]');
      await page.click('form.preferences button[type=submit]');
    },
  ],
  ['invalid-link', (page) => page.goto(`${base}/confirm?token=broken`).then(() => undefined)],
  [
    'expired',
    async (page) => {
      await h.form('/subscribe', { email: 'late@example.com' });
      h.advance(8 * 24 * 60 * 60_000);
      await page.goto(`${base}${linkIn(h.sent.at(-1), '/confirm')}`);
    },
  ],
];

try {
  // Each step runs once (they change state); its HTML is then shown at every width and scheme, on the
  // server's origin so the stylesheet loads.
  for (const [name, step] of shots) {
    const first = await browser.newPage();
    await step(first);
    await h.tasks.idle();
    const html = await first.content();
    await first.close();
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [600, 375]) {
        const context = await browser.newContext({ viewport: { width, height: 760 }, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(`${base}/healthz`);
        await page.setContent(html, { waitUntil: 'load' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        const file = `${name}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
        await page.screenshot({ path: resolve(outDir, file), fullPage: true });
        console.log(`out/pages/${file}${overflow > 0 ? ` (overflows by ${overflow}px)` : ''}`);
        await context.close();
      }
    }
  }
  const confirmEmail = h.sent[0];
  if (confirmEmail) {
    await writeFile(resolve(outDir, 'confirm-email.html'), confirmEmail.html);
    for (const width of [600, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.route('**/*', (route) => route.abort());
      await page.setContent(confirmEmail.html, { waitUntil: 'load' });
      await page.screenshot({ path: resolve(outDir, `confirm-email-${width}.png`), fullPage: true });
      console.log(`out/pages/confirm-email-${width}.png`);
      await page.close();
    }
  }
  const welcome = h.sent[1];
  if (welcome) {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(welcome.html, { waitUntil: 'load' });
    await page.screenshot({ path: resolve(outDir, 'welcome-email-375.png'), fullPage: true });
    console.log('out/pages/welcome-email-375.png');
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  await h.close();
}
