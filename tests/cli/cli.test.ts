import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySampleContent } from '../helpers/preview-fixtures.ts';
import { runCli } from '../helpers/run-cli.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh database and output folder: every test stands alone, in any order. */
async function workspace() {
  const dir = await mkdtemp(join(tmpdir(), 'wv-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const env = {
    DATABASE_URL: join(dir, 'subscribers.db'),
    OUT_DIR: join(dir, 'out'),
    PUBLIC_URL: 'https://news.example.com',
  };
  return { dir, env };
}

/** The sample subscribers, imported as active: 12 addresses. */
async function importSample(env: Record<string, string>) {
  const imported = await runCli(['subscribers', 'import', 'subscribers/sample.csv', '--confirmed'], env);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('imported 12 new as active');
}

describe('verdicts check', () => {
  it('prints a one-line summary and exits 0 on clean content', async () => {
    const { env } = await workspace();
    const result = await runCli(['check'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(
      /^content: \d+ comparisons \(1 draft\), 4 reviewers, 1 issue note: no problems$/,
    );
  });

  it('names every problem with file and field, and exits 1', async () => {
    const { env } = await workspace();
    const result = await runCli(
      ['check', '--content', 'tests/fixtures/broken', '--issues', 'tests/fixtures/broken-issues'],
      env,
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain(
      'tests/fixtures/broken/comparisons/bad-community.md: tools[1].community: must be a number from 0 to 100 or null',
    );
    expect(lines).toContain('tests/fixtures/broken-issues/2026-W48.md: exclude: must be a list of slugs');
    expect(lines.at(-1)).toBe('19 problems found; nothing was changed.');
  });
});

describe('verdicts build', () => {
  it('writes html, txt and json, byte-identical on a second run', async () => {
    const { dir, env } = await workspace();
    const out = join(dir, 'build');
    const first = await runCli(['build', '--week', '2026-W47', '--out', out], env);
    expect(first.code).toBe(0);
    const read = () =>
      Promise.all(['html', 'txt', 'json'].map((ext) => readFile(join(out, `2026-W47.${ext}`))));
    const before = await read();
    await runCli(['build', '--week', '2026-W47', '--out', out], env);
    expect(await read()).toEqual(before);
    const summary = JSON.parse(before[2]!.toString());
    expect(summary).toMatchObject({ week: '2026-W47', subject: expect.stringContaining('verdicts:') });
    expect(summary.comparisons[0]).toBe('cursor-background-agents-vs-smolvlm2-2b');
    expect(summary.htmlBytes).toBe(before[0]!.length);
    expect(summary.htmlBytes).toBeLessThan(102 * 1024);
  });

  it('says so and exits 0 for a week without comparisons', async () => {
    const { dir, env } = await workspace();
    const result = await runCli(['build', '--week', '2026-W30', '--out', join(dir, 'empty')], env);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('2026-W30 has no comparisons');
  });

  it('rejects a malformed week and bad configuration by name', async () => {
    const { env } = await workspace();
    const week = await runCli(['build', '--week', '2026-48'], env);
    expect(week.code).toBe(2);
    expect(week.stderr).toContain('--week: "2026-48" is not an ISO week');
    const zone = await runCli(['build'], { ...env, SITE_TIMEZONE: 'Mars/Olympus' });
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('SITE_TIMEZONE must be an IANA timezone name');
  });
});

describe('verdicts send to the outbox', () => {
  it('imports, sends one message per active subscriber, and sends nothing twice', async () => {
    const { dir, env } = await workspace();
    await importSample(env);

    const dry = await runCli(['send', '--week', '2026-W47', '--dry-run'], env);
    expect(dry.stdout).toContain('would send 12');
    expect(await readdir(join(dir, 'out')).catch(() => [])).not.toContain('outbox');

    const sent = await runCli(['send', '--week', '2026-W47'], env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('2026-W47: sent 12, skipped 0, already sent 0, failed 0');
    const outbox = join(dir, 'out', 'outbox', '2026-W47');
    const files = await readdir(outbox);
    expect(files).toHaveLength(12);
    const message = await readFile(join(outbox, files.find((f) => f.includes('ada'))!), 'utf8');
    expect(message).toMatch(/^To: ada@example\.com$/m);
    expect(message).toMatch(
      /^List-Unsubscribe:\s+<https:\/\/news\.example\.com\/unsubscribe\?token=[\w.-]+>$/m,
    );
    expect(message).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(message).toMatch(/^Content-Type: multipart\/alternative;/m);

    const again = await runCli(['send', '--week', '2026-W47'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sent 0, skipped 0, already sent 12');
    expect(await readdir(outbox)).toHaveLength(12);
  });

  it('a dry run counts whom the send would skip: paused readers and readers of other topics', async () => {
    const { env } = await workspace();
    await importSample(env);
    expect((await runCli(['subscribers', 'prefs', 'ada@example.com', '--pause-weeks', '2'], env)).code).toBe(
      0,
    );
    const topics = ['subscribers', 'prefs', 'grace@example.com', '--topics', 'coding-agents'];
    expect((await runCli(topics, env)).code).toBe(0);
    const dry = await runCli(['send', '--week', '2026-W47', '--dry-run'], env);
    expect(dry.stdout).toContain('audience 12, would send 10 (would skip paused 1, no matching topics 1)');
    const sent = await runCli(['send', '--week', '2026-W47'], env);
    expect(sent.stdout).toContain('2026-W47: sent 10, skipped 2');
  });

  it('`subscribers prefs` shows and sets topics and a pause, and refuses what it cannot read', async () => {
    const { env } = await workspace();
    await importSample(env);
    const set = await runCli(
      ['subscribers', 'prefs', 'ada@example.com', '--topics', 'speech,browser-agents', '--pause-weeks', '1'],
      env,
    );
    expect(set.code).toBe(0);
    const shown = await runCli(['subscribers', 'prefs', 'ada@example.com'], env);
    expect(shown.stdout).toContain('browser-agents');
    expect(shown.stdout).toContain('speech');
    expect(shown.stdout).toMatch(/paused until \d{4}-\d{2}-\d{2}/);
    for (const bad of ['', '0x4', '1.5', '-1', '53']) {
      const refused = await runCli(['subscribers', 'prefs', 'ada@example.com', '--pause-weeks', bad], env);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toContain('--pause-weeks');
    }
    const unknown = await runCli(['subscribers', 'prefs', 'ada@example.com', '--topics', 'crypto'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('crypto');
    const after = await runCli(['subscribers', 'prefs', 'ada@example.com'], env);
    expect(after.stdout).toBe(shown.stdout);
  });

  it('sends a test copy outside the ledger', async () => {
    const { dir, env } = await workspace();
    await importSample(env);
    const result = await runCli(['send', '--week', '2026-W48', '--to', 'Editor@Example.com'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('test copy of 2026-W48 sent to editor@example.com');
    const files = await readdir(join(dir, 'out', 'outbox', '2026-W48-test'));
    const copy = await readFile(join(dir, 'out', 'outbox', '2026-W48-test', files[0]!), 'utf8');
    expect(copy).toMatch(/^Subject: \[Test\]/m);
    const status = await runCli(['send', '--week', '2026-W48', '--dry-run'], env);
    expect(status.stdout).toContain('would send 12');
  });

  it('refuses to send a week whose content has problems unless forced, and sends the rest when forced', async () => {
    const { dir, env } = await workspace();
    const sample = await copySampleContent();
    cleanups.push(sample.cleanup);
    await importSample(env);
    // One of 2026-W47's comparisons gets a value out of range.
    const broken = join(sample.contentDir, 'comparisons', 'browser-use-vs-stagehand.md');
    await writeFile(broken, (await readFile(broken, 'utf8')).replace('community: 68', 'community: 150'));
    const args = ['send', '--week', '2026-W47', '--content', sample.contentDir];

    const refused = await runCli(args, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${broken}: tools[0].community: must be a number from 0 to 100 or null`);
    expect(refused.stderr).toContain('1 problems: not sending 2026-W47. Fix them, or pass --force.');
    expect(refused.stdout).toBe('');
    expect(await readdir(join(dir, 'out')).catch(() => [])).not.toContain('outbox');

    const forced = await runCli([...args, '--force'], env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`${broken}: tools[0].community`);
    expect(forced.stderr).toContain('--force: sending 2026-W47 despite 1 problems.');
    expect(forced.stdout).toContain('2026-W47: sent 12, skipped 0, already sent 0, failed 0');
    // Everyone gets the week, without the comparison that could not be read.
    const outbox = join(dir, 'out', 'outbox', '2026-W47');
    const files = await readdir(outbox);
    expect(files).toHaveLength(12);
    const message = await readFile(join(outbox, files[0]!), 'utf8');
    expect(message).toContain('Cursor Background Agents');
    expect(message).not.toContain('Browser Use');
  });

  it('reports bad CSV rows by line and still imports the good ones', async () => {
    const { dir, env } = await workspace();
    const csv = join(dir, 'mixed.csv');
    await writeFile(csv, 'email,name\ngood@example.com,Good\nnot-an-email,Bad\n');
    const result = await runCli(['subscribers', 'import', csv], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${csv}:3: email: "not-an-email" is not an email address`);
    expect(result.stdout).toContain('imported 1 new as pending');
  });
});

describe('verdicts stats', () => {
  it('shows a week sent to the outbox with its sent count and zeros, and refuses bad weeks by name', async () => {
    const { env } = await workspace();
    expect((await runCli(['stats'], env)).stdout).toContain('no editions sent yet');
    await importSample(env);
    expect((await runCli(['send', '--week', '2026-W47'], env)).code).toBe(0);

    const overview = await runCli(['stats'], env);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/^2026-W47\s+12\s+0\s+0\s+0\s+0\s+0\s+0\s+0\.0%\s+—\s+—\s+—$/m);
    const detail = JSON.parse((await runCli(['stats', '--week', '2026-W47', '--json'], env)).stdout);
    expect(detail).toMatchObject({
      week: '2026-W47',
      sent: 12,
      delivered: 0,
      opened: 0,
      clicked: 0,
      links: [],
    });
    expect(detail.comparisons.length).toBeGreaterThan(0);
    const csv = (await runCli(['stats', '--csv'], env)).stdout.split('\n');
    expect(csv[0]).toBe(
      'week,sent,delivered,bounced,complained,unsubscribed,opened,clicked,delivery_rate,open_rate,click_rate,clickToOpen_rate',
    );
    expect(csv[1]).toBe('2026-W47,12,0,0,0,0,0,0,0,,,');

    const malformed = await runCli(['stats', '--week', '2026-48'], env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("'--week <week>' argument '2026-48' is invalid");
    const unsent = await runCli(['stats', '--week', '2026-W10'], env);
    expect(unsent.code).toBe(1);
    expect(unsent.stderr).toContain('--week 2026-W10: no edition of that week has been sent');
  });
});
