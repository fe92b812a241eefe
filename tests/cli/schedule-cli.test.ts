import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

let dir: string;
let env: Record<string, string>;
let lastWeek: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wv-schedule-'));
  // A comparison published a week ago, so "the last complete week" has content whatever today is.
  const published = DateTime.utc().minus({ days: 7 });
  lastWeek = `${published.weekYear}-W${String(published.weekNumber).padStart(2, '0')}`;
  await mkdir(join(dir, 'content', 'comparisons'), { recursive: true });
  await copyFile('content/reviewers.yaml', join(dir, 'content', 'reviewers.yaml'));
  await writeFile(
    join(dir, 'content', 'comparisons', 'alpha-vs-beta.md'),
    `---\ntitle: Alpha vs Beta\npublished: ${published.toISODate()}\ntools:\n` +
      '  - {name: Alpha, category: Agents, tagline: Does alpha things, entry: Free, community: 40}\n' +
      '  - {name: Beta, category: Agents, tagline: Does beta things, entry: $9/mo, community: null}\n' +
      'reviews:\n  - {lens: builder, tool: Alpha, verdict: ship, quote: Solid.}\n---\n',
  );
  env = {
    DATABASE_URL: join(dir, 'subscribers.db'),
    OUT_DIR: join(dir, 'out'),
    CONTENT_DIR: join(dir, 'content'),
    ISSUES_DIR: join(dir, 'issues'),
    // Every minute: the run of the minute that just passed is "missed" and caught up on start.
    SEND_CRON: '* * * * *',
    CATCH_UP_HOURS: '1',
  };
  await runCli(['subscribers', 'import', 'subscribers/sample.csv', '--confirmed'], env);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verdicts schedule and status', () => {
  it('catches up the missed run once, stops cleanly on SIGTERM, and status reports it', async () => {
    const child = spawn(process.execPath, [resolve('bin/verdicts.js'), 'schedule'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (chunk) => {
      logs += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const deadline = Date.now() + 20_000;
    while (!logs.includes('"msg":"week sent"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const entries = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((e) => e.msg === 'week sent' && e.week === lastWeek)).toHaveLength(1);
    expect(entries.some((e) => e.msg === 'scheduler started' && typeof e.next === 'string')).toBe(true);
    expect(entries.at(-1)?.msg).toBe('stopped');
    expect(await readdir(join(dir, 'out', 'outbox', lastWeek))).toHaveLength(12);

    // A second scheduler started now finds the week complete and sends nothing more.
    const again = await runCli(['send', '--week', lastWeek], env);
    expect(again.stdout).toContain('sent 0,');

    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      'subscribers: pending 0, active 12, unsubscribed 0, bounced 0, complained 0',
    );
    expect(status.stdout).toMatch(new RegExp(`${lastWeek}\\s+complete\\s+12\\s+12\\s+0`));
    expect(status.stdout).toMatch(/next scheduled run: \d{4}-\d{2}-\d{2}T/);
  });
});
