import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { textPart } from '../helpers/eml.ts';
import { runCli } from '../helpers/run-cli.ts';

const WEEK = '2026-W47';
const READERS = 250;

const REVIEWERS = '- id: builder\n  name: The Builder\n  lens: Developer experience\n';

const comparison = (alphaEntry: string) => `---
title: Alpha vs Beta
published: 2026-11-17
tools:
  - name: Alpha
    category: Developer Tools
    tagline: Alpha does a thing
    entry: ${alphaEntry}
    community: 60
  - name: Beta
    category: Developer Tools
    tagline: Beta does a thing
    entry: Free
    community: null
reviews:
  - lens: builder
    tool: Alpha
    verdict: ship
    quote: Alpha ships.
---
`;

async function until(predicate: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the sender');
    await delay(5);
  }
}

/** A crash in the middle of a week's first send, then the send run again. */
describe.each(DIALECTS)(
  'the facts snapshot across a crashed first send on %s',
  { timeout: 120_000 },
  (dialect) => {
    let database: TestDatabase | undefined;
    let dir: string | undefined;
    let sender: ChildProcess | undefined;
    afterEach(async () => {
      sender?.kill('SIGKILL');
      await database?.cleanup();
      if (dir) await rm(dir, { recursive: true, force: true });
      database = undefined;
      dir = undefined;
    });

    it('kill -9 after the first batch, content edited, send again: one snapshot, of what was first sent', async () => {
      database = await createTestDatabase(dialect);
      dir = await mkdtemp(join(tmpdir(), 'wv-facts-crash-'));
      await mkdir(join(dir, 'content', 'comparisons'), { recursive: true });
      await writeFile(join(dir, 'content', 'reviewers.yaml'), REVIEWERS);
      const file = join(dir, 'content', 'comparisons', 'alpha-vs-beta.md');
      await writeFile(file, comparison('$15/mo'));
      const handle = await openDatabase(database.url);
      try {
        await createSubscriberStore(handle.db, () => new Date()).importMany(
          Array.from({ length: READERS }, (_, i) => ({ email: `reader${i + 1}@example.com` })),
          { status: 'active', source: 'test' },
        );
        const env = {
          DATABASE_URL: database.url,
          OUT_DIR: join(dir, 'out'),
          CONTENT_DIR: join(dir, 'content'),
          ISSUES_DIR: join(dir, 'issues'),
          SECRET: 'fact-crash-secret-0123456789',
        };
        const outbox = join(dir, 'out', 'outbox', WEEK);
        const messages = async () =>
          (await readdir(outbox).catch(() => [])).filter((f) => f.endsWith('.eml'));

        // One request every five seconds: the first batch of 100 goes out, then the sender waits.
        sender = spawn(
          process.execPath,
          [resolve('bin/verdicts.js'), 'send', '--week', WEEK, '--max-rps', '0.2'],
          {
            env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
            stdio: 'ignore',
          },
        );
        const exited = new Promise<NodeJS.Signals | null>((done) =>
          sender!.on('close', (_, signal) => done(signal)),
        );
        await until(async () => (await messages()).length >= 100);
        sender.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');

        const ledger = createLedgerStore(handle, () => new Date());
        const facts = () =>
          handle.db
            .selectFrom('edition_facts')
            .select(['week', 'tool', 'entry'])
            .orderBy('position')
            .execute();
        const snapshot = [
          { week: WEEK, tool: 'Alpha', entry: '$15/mo' },
          { week: WEEK, tool: 'Beta', entry: 'Free' },
        ];
        expect(await facts()).toEqual(snapshot);
        const interrupted = await ledger.counts(WEEK);
        expect(interrupted.queued + interrupted.batched).toBeGreaterThan(0);

        // The editor changes the price before the send is resumed: the week keeps what it first showed.
        await writeFile(file, comparison('$16/mo'));
        const resumed = await runCli(['send', '--week', WEEK], env);
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(await facts()).toEqual(snapshot);
        expect(await ledger.counts(WEEK)).toMatchObject({ sent: READERS, queued: 0, batched: 0 });
        const files = await messages();
        expect(files).toHaveLength(READERS);
        for (const name of [files[0]!, files.at(-1)!]) {
          const text = textPart(await readFile(join(outbox, name), 'utf8'));
          expect(text).toContain('   Entry       $15/mo\n');
          expect(text).not.toContain('$16/mo');
        }
      } finally {
        await handle.close();
      }
    });
  },
);
