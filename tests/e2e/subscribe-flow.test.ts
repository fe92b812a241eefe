import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { header, textPart } from '../helpers/eml.ts';
import { runCli } from '../helpers/run-cli.ts';
import { freePort, type ServeProcess, startServe } from '../helpers/serve-process.ts';

const READER = 'reader@example.com';

/** The one message in the newest `transactional/*-<kind>-*` folder, once it exists. */
async function awaitTransactional(outDir: string, kind: 'confirm' | 'welcome'): Promise<string> {
  const root = join(outDir, 'outbox', 'transactional');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const folders = (await readdir(root).catch(() => [])).filter((name) => name.includes(`-${kind}-`)).sort();
    const folder = folders.at(-1);
    // Only finished messages: the outbox writes `<name>.eml.tmp` first and renames it.
    const files = folder ? (await readdir(join(root, folder))).filter((name) => name.endsWith('.eml')) : [];
    if (folder && files[0]) return readFile(join(root, folder, files[0]), 'utf8');
    if (Date.now() > deadline) throw new Error(`no ${kind} email in ${root}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a reader joins on the hosted page, confirms, gets the digest and leaves with one click', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServeProcess;
  let browser: Browser;
  let publicUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-e2e-'));
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    env = {
      DATABASE_URL: join(dir, 'subscribers.db'),
      OUT_DIR: join(dir, 'out'),
      PORT: String(port),
      PUBLIC_URL: publicUrl,
    };
    [server, browser] = await Promise.all([startServe(env), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server?.child.exitCode === null) await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('works end to end on the embedded defaults (SQLite, outbox)', async () => {
    expect(server.output().stdout).toContain(
      `serving on http://localhost:${env.PORT} (public URL ${publicUrl}`,
    );

    // 1. The hosted form, filled and submitted as a person would, without JavaScript.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${publicUrl}/`);
    await page.getByLabel('Email address').fill(READER);
    await page.getByLabel('Name (optional)').fill('Rea Der');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`${publicUrl}/check-your-inbox`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');

    // 2. The confirmation email in the outbox; its link (quoted-printable in the .eml) confirms.
    const confirmation = await awaitTransactional(env.OUT_DIR!, 'confirm');
    expect(header(confirmation, 'To')).toBe(READER);
    expect(header(confirmation, 'Subject')).toBe('Confirm your subscription to Weekly Verdicts');
    const link = textPart(confirmation).match(
      /http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[A-Za-z0-9._-]+/,
    )?.[0];
    expect(link).toBeDefined();
    // Opening the link changes nothing (mail scanners open links too); its one button confirms.
    await page.goto(link!);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your subscription');
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are subscribed');
    const welcome = await awaitTransactional(env.OUT_DIR!, 'welcome');
    expect(header(welcome, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // 3. The weekly digest reaches them.
    const sent = await runCli(['send', '--week', '2026-W47'], env);
    expect(sent.stdout).toContain('2026-W47: sent 1,');
    expect(sent.code).toBe(0);
    const [digestFile] = await readdir(join(env.OUT_DIR!, 'outbox', '2026-W47'));
    const digest = await readFile(join(env.OUT_DIR!, 'outbox', '2026-W47', digestFile!), 'utf8');
    expect(header(digest, 'To')).toBe(READER);
    expect(header(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = header(digest, 'List-Unsubscribe')?.match(/<(http[^>]+)>/)?.[1];
    expect(unsubscribeUrl?.startsWith(`${publicUrl}/unsubscribe?token=`)).toBe(true);

    // 4. One click in the mail client: an RFC 8058 POST to the List-Unsubscribe URL.
    const oneClick = await fetch(unsubscribeUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    await page.goto(unsubscribeUrl!);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    await context.close();

    const list = await runCli(['subscribers', 'list'], env);
    expect(list.stdout).toMatch(/reader@example\.com\s+unsubscribed/);
    expect(list.stdout).toContain('active 0');

    // 5. A clean stop on SIGTERM.
    expect(await server.stop()).toBe(0);
    expect(server.output().stdout).toContain('stopped.');
  }, 120_000);
});
