import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { copySampleContent } from '../helpers/preview-fixtures.ts';

type Folders = Awaited<ReturnType<typeof copySampleContent>>;
let folders: Folders;
let child: ChildProcess;
let base: string;
let browser: Browser;

/** Starts `verdicts preview` on a free port over a copy of the sample content, as an editor would. */
async function startPreview(): Promise<string> {
  child = spawn(
    process.execPath,
    [
      resolve('bin/verdicts.js'),
      'preview',
      '--port',
      '0',
      '--content',
      folders.contentDir,
      '--issues',
      folders.issuesDir,
      '--out',
      folders.outDir,
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: join(folders.dir, 'subscribers.db'),
        PUBLIC_URL: 'https://news.example.com',
        SECRET: 'test-secret-of-sufficient-length',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`preview did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /Editor preview: (http:\/\/\S+?)\/\n/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        done(url);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => fail(new Error(`preview exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  folders = await copySampleContent();
  base = await startPreview();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  await folders?.cleanup();
});

/**
 * Waits until `read()` gives a value `accept` takes, and returns how long that took. A read may throw
 * meanwhile: live reload points the email frame at a new document when the email changes, and a read
 * inside the frame during that navigation fails ("Execution context was destroyed"); it is read again.
 * The deadline is generous because the machine may be busy; how fast an edit shows is asserted apart.
 */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string) {
  const started = Date.now();
  let last: T | undefined;
  await vi.waitFor(
    async () => {
      last = await read();
      if (!accept(last))
        throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    },
    { timeout: 15_000, interval: 50 },
  );
  return Date.now() - started;
}

const marker = (page: Page) => page.evaluate(() => (window as unknown as { wvMarker?: string }).wvMarker);
const frameText = (page: Page) =>
  page
    .frameLocator('#email')
    .locator('body')
    .textContent()
    .then((text) => text ?? '');
const problemsText = async (page: Page) =>
  ((await page.locator('[data-region="problems"]').textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('editor preview in Chromium', () => {
  it('switches to mobile, follows edits without reloading, shows a broken field and clears it, sends a test', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // `load` fires for every document the tab loads (history.replaceState does not load one).
    let loadsSeen = 0;
    page.on('load', () => {
      loadsSeen++;
    });
    await page.goto(`${base}/week/2026-W48`);
    await page.waitForSelector('#live[data-state="on"]');
    expect(await frameText(page)).toContain('Gemma 3n vs Phi-4-mini');
    await page.evaluate(() => {
      (window as unknown as { wvMarker: string }).wvMarker = 'same document';
    });
    const loads = loadsSeen;

    // Mobile: the frame becomes 375 px wide and the email switches to its phone layout.
    await page.click('a[data-view="width-375"]');
    await until(
      () => page.$eval('#email', (frame) => frame.getBoundingClientRect().width),
      (width) => width === 375,
      'a 375 px frame',
    );
    expect(page.url()).toBe(`${base}/week/2026-W48?width=375`);
    await until(
      () =>
        page
          .frameLocator('#email')
          .locator('.wv-col')
          .first()
          .evaluate((cell) => getComputedStyle(cell).display),
      (display) => display === 'block',
      'the phone layout inside the email',
    );

    // Edit a comparison: the email shows the new title without the page being reloaded.
    const file = join(folders.contentDir, 'comparisons', 'gemma-3n-vs-phi-4-mini.md');
    const original = await readFile(file, 'utf8');
    await writeFile(
      file,
      original.replace('title: Gemma 3n vs Phi-4-mini', 'title: Gemma 3n vs Phi-4-mini, revisited'),
    );
    const took = await until(
      () => frameText(page),
      (text) => text.includes('Gemma 3n vs Phi-4-mini, revisited'),
      'the edited title',
    );
    expect(took).toBeLessThan(3000);
    expect(await page.$eval('#email', (frame) => frame.getBoundingClientRect().width)).toBe(375);

    // Break a field: the problem appears in the page, naming file, field and message.
    await writeFile(file, original.replace('community: 49', 'community: 150'));
    await until(
      () => problemsText(page),
      (text) => text.includes('tools[0].community'),
      'the problem in the page',
    );
    const problems = await problemsText(page);
    expect(problems).toContain('Content problems');
    expect(problems).toContain(file);
    expect(problems).toContain('tools[0].community must be a number from 0 to 100 or null');
    expect(await page.locator('#status').textContent()).toContain('1 content problem');

    // Fix it: the problem goes away.
    await writeFile(file, original);
    await until(
      () => problemsText(page),
      (text) => text === '',
      'the problem to clear',
    );
    await until(
      () => frameText(page),
      (text) => text.includes('Gemma 3n vs Phi-4-mini'),
      'the comparison back in the email',
    );

    expect(await marker(page)).toBe('same document');
    expect(loadsSeen).toBe(loads);

    // Dark mode: the email is painted with its dark palette.
    await page.click('a[data-view="scheme-dark"]');
    await until(
      () =>
        page
          .frameLocator('#email')
          .locator('.wv-card')
          .first()
          .evaluate((card) => getComputedStyle(card).backgroundColor),
      (colour) => colour === 'rgb(27, 28, 33)',
      'the dark card colour',
    );
    expect(await marker(page)).toBe('same document');

    // Send a test to oneself: one message in the outbox, and the page says so.
    await page.fill('#test-to', 'editor@example.com');
    await Promise.all([page.waitForURL(/notice=/), page.click('form.test-send button[type="submit"]')]);
    expect(await page.locator('.notice-ok').textContent()).toContain('Test sent to editor@example.com');
    expect(await readdir(join(folders.outDir, 'outbox', '2026-W48-test'))).toHaveLength(1);
    await page.close();
  }, 60_000);

  it('lays the week page out in one column on a phone, checks before the email', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${base}/week/2026-W48?width=375`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    const checksTop = await page.$eval(
      '[data-region="checks"]',
      (element) => element.getBoundingClientRect().top,
    );
    const frameTop = await page.$eval('#email', (element) => element.getBoundingClientRect().top);
    expect(checksTop).toBeLessThan(frameTop);
    await page.close();
  });

  it('cannot be framed by another page (no click on it can send a draft anywhere)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      `<p>Win a prize!</p><iframe id="victim" src="${base}/week/2026-W48" width="900" height="700"></iframe>`,
      { waitUntil: 'load' },
    );
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(framed).toBeDefined();
    expect(framed!.url()).not.toContain('/week/2026-W48');
    expect(await framed!.locator('form.test-send').count()).toBe(0);
    await page.close();
  });
});
