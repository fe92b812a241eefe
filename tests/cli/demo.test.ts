import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wv-demo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verdicts demo (npm run demo)', () => {
  it('imports the samples, builds and sends 2026-W47 to the outbox, explaining each step, and sends nothing twice', async () => {
    // A configured list and Resend key must stay untouched: the demo runs on the embedded defaults.
    const env = {
      OUT_DIR: join(dir, 'out'),
      DATABASE_URL: join(dir, 'real-list.db'),
      RESEND_API_KEY: 're_not_to_be_used',
      SECRET: 'a-private-secret-of-sufficient-length',
    };
    const result = await runCli(['demo'], env);
    expect(result.code).toBe(0);
    const demo = join(dir, 'out', 'demo');
    expect(result.stdout).toContain(`all in ${demo}/. Your own list and Resend are not touched.`);
    expect(result.stdout).toContain('1/4  Import the sample subscribers');
    expect(result.stdout).toContain('subscribers/sample.csv: imported 12 new as active');
    expect(result.stdout).toContain(`Open ${join(demo, '2026-W47.html')} in a browser`);
    expect(result.stdout).toContain('2026-W47: sent 12, skipped 0, already sent 0, failed 0');
    expect(result.stdout).toContain('2026-W47: sent 0, skipped 0, already sent 12, failed 0');
    expect(result.stdout).toContain(
      `Each file in ${join(demo, 'outbox', '2026-W47')}/ is one subscriber's email`,
    );
    expect(await readdir(join(demo, 'outbox', '2026-W47'))).toHaveLength(12);
    expect(await readdir(demo)).toEqual(
      expect.arrayContaining(['2026-W47.html', '2026-W47.txt', '2026-W47.json', 'subscribers.db']),
    );
    expect(existsSync(env.DATABASE_URL)).toBe(false);
  });
});
