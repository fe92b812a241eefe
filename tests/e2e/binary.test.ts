import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/run-binary.ts';

// Every command's behaviour is tested in-process (tests/cli); this checks what only the real process
// shows: bin/verdicts.js turns main's answer into the exit code (1 here; 0 after SIGINT in
// serve-command.test.ts), and messages reach the real stderr.
describe('the verdicts binary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-binary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits with the code the command chose, the message on standard error', async () => {
    const env = { DATABASE_URL: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out') };
    const check = await runBinary(
      ['check', '--content', 'tests/fixtures/broken', '--issues', 'tests/fixtures/broken-issues'],
      env,
    );
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('19 problems found; nothing was changed.');
    expect(check.stdout).toBe('');
  });
});
