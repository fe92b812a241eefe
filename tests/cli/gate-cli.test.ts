import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const BROKEN = ['--content', 'tests/fixtures/gate-broken', '--issues', 'tests/fixtures/gate-broken/issues'];
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wv-gate-cli-'));
  env = {
    DATABASE_URL: join(dir, 'subscribers.db'),
    OUT_DIR: join(dir, 'out'),
    PUBLIC_URL: 'https://news.example.com',
    SECRET: 'test-secret-of-sufficient-length',
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the pre-send gate on the command line', () => {
  it('`check --week` fails on a week whose content breaks a gate rule, naming file, field and rule', async () => {
    const result = await runCli(['check', '--week', '2026-W48', ...BROKEN], env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain(
      'tests/fixtures/gate-broken/issues/2026-W48.md: intro: link "/compare/older-one" is not absolute: write the full address (https://…), a mail client has no page to resolve it against [links]',
    );
    expect(lines).toContain(
      'tests/fixtures/gate-broken/issues/2026-W48.md: intro: image "http://images.example.com/chart.png" must load from an absolute https URL: clients block or cannot resolve anything else [images]',
    );
    expect(lines).toContain(
      'warning: tests/fixtures/gate-broken/comparisons/alpha-vs-beta.md: tools[0].url: link "http://alpha-notes.example.com" is http, not https [links]',
    );
    expect(lines.at(-1)).toBe('2 problems found; nothing was changed.');
  });

  it('`check` without --week validates the same files and passes: the schema allows what the gate refuses', async () => {
    const result = await runCli(['check', ...BROKEN], env);
    expect(result.code).toBe(0);
  });

  it('`check --week` passes the sample week, with the gate summary on the line', async () => {
    const result = await runCli(['check', '--week', '2026-W47'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2026-W47: 5 comparisons, \d+ bytes of HTML; gate: 0 errors, 1 warning$/m);
    expect(result.stderr).toMatch(/^warning: digest template: \d+ features the template uses are missing/m);
  });

  it('`send` refuses to start on a gate error unless --force', async () => {
    const refused = await runCli(['send', '--week', '2026-W48', '--dry-run', ...BROKEN], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('intro: link "/compare/older-one" is not absolute');
    expect(refused.stderr).toContain('gate: 2 errors, 3 warnings: not sending 2026-W48.');
    expect(refused.stdout).toBe('');

    const forced = await runCli(['send', '--week', '2026-W48', '--dry-run', '--force', ...BROKEN], env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('--force: sending 2026-W48 despite gate: 2 errors, 3 warnings.');
    expect(forced.stdout).toContain('dry run: 2026-W48');
  });
});
