import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, startCli } from '../helpers/run-cli.ts';

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
  it('catches up the missed run once, stops cleanly when told to, and status reports it', async () => {
    const schedule = startCli(['schedule'], env);
    await vi.waitFor(
      () => {
        if (!schedule.output().stderr.includes('"msg":"week sent"')) throw new Error('no week sent yet');
      },
      { timeout: 20_000, interval: 50 },
    );
    // What SIGTERM does in the binary: the runtime's signal aborts.
    const stopped = await schedule.stop();
    expect(stopped.code).toBe(0);
    const logs = stopped.stderr;
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
