import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { composeApp, loadServerAssets } from '../../src/server/compose-app.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { createTestDatabase, type TestDialect } from './databases.ts';
import { runCli } from './run-cli.ts';

export const PUBLIC_URL = 'https://news.example.com';
export const SITE_URL = 'https://verdicts.example.com';
export const SECRET = 'vote-test-secret-0123456789';
export const WEEK = '2026-W47';

/** A vote link as a reader's email holds it. */
export interface VoteLinkFound {
  slug: string;
  tool: string;
  choice: string;
  token: string;
  /** Path and query, for `app.request`. */
  path: string;
}

/** One message from the outbox, read by a real MIME parser. */
export interface InboxMessage {
  to: string;
  html: string;
  text: string;
  /** The vote links of the HTML part, in order (the text part's are checked to be the same). */
  links: VoteLinkFound[];
}

const LINK = /https:\/\/news\.example\.com\/vote\?c=[^"\s<>]+/g;

function voteLinks(body: string): VoteLinkFound[] {
  return (body.match(LINK) ?? []).map((raw) => {
    const url = new URL(raw.replaceAll('&amp;', '&'));
    const get = (name: string) => url.searchParams.get(name) ?? '';
    return {
      slug: get('c'),
      tool: get('t'),
      choice: get('v'),
      token: get('token'),
      path: `${url.pathname}${url.search}`,
    };
  });
}

/**
 * A week sent for real to the outbox (`verdicts subscribers add`, `prefs`, `send`, in-process) to Ada,
 * who follows everything, Bob, who follows speech only, and `extraReaders` more who follow everything; their messages parsed with mailparser; and
 * `verdicts serve`'s app composed on the same database with a settable clock.
 */
export async function votingWeek(dialect: TestDialect, env: Record<string, string> = {}, extraReaders = 0) {
  const database = await createTestDatabase(dialect);
  const dir = await mkdtemp(join(tmpdir(), 'wv-votes-'));
  const cliEnv = {
    DATABASE_URL: database.url,
    OUT_DIR: join(dir, 'out'),
    PUBLIC_URL,
    SITE_URL,
    SECRET,
    ...env,
  };
  const extra = Array.from({ length: extraReaders }, (_, i) => [
    'subscribers',
    'add',
    `reader${i + 1}@example.com`,
    '--confirmed',
  ]);
  for (const args of [
    ...extra,
    ['subscribers', 'add', 'ada@example.com', '--confirmed'],
    ['subscribers', 'add', 'bob@example.com', '--confirmed'],
    ['subscribers', 'prefs', 'bob@example.com', '--topics', 'speech'],
    ['send', '--week', WEEK],
  ]) {
    const result = await runCli(args, cliEnv);
    if (result.code !== 0) throw new Error(`verdicts ${args.join(' ')}: ${result.stderr}`);
  }
  const inbox = new Map<string, InboxMessage>();
  const outbox = join(dir, 'out', 'outbox', WEEK);
  for (const file of (await readdir(outbox)).filter((name) => name.endsWith('.eml'))) {
    const mail = await simpleParser(await readFile(join(outbox, file)));
    const to = Array.isArray(mail.to) ? mail.to[0]!.text : mail.to!.text;
    const html = typeof mail.html === 'string' ? mail.html : '';
    const text = mail.text ?? '';
    inbox.set(to, { to, html, text, links: voteLinks(html) });
  }

  const handle = await openDatabase(database.url);
  let now = new Date();
  const config = loadConfig({ ...cliEnv, ALLOWED_HOSTS: '' });
  const { app } = composeApp(config, await loadServerAssets(config), {
    db: handle.db,
    sqlite: handle.sqlite,
    clock: () => now,
    sleep: async () => {},
    transportFor: () => ({
      name: 'none',
      maxBatchSize: 1,
      sendBatch: async () =>
        ({ kind: 'rejected', reason: 'no mail in vote tests', retryable: false }) as never,
    }),
    log: silentLogger,
  });
  return {
    app,
    env: cliEnv,
    db: handle.db,
    inbox,
    textLinks: (to: string) => voteLinks(inbox.get(to)?.text ?? ''),
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    request(path: string, init: RequestInit = {}, ip = '203.0.113.7') {
      return app.request(`${PUBLIC_URL}${path}`, init, { incoming: { socket: { remoteAddress: ip } } });
    },
    /** The button on the page a link opens: a form post with no fields, to the same URL. */
    post(path: string, ip?: string) {
      return this.request(
        path,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' },
        ip,
      );
    },
    async votes(args: string[] = ['--week', WEEK, '--json']) {
      const result = await runCli(['votes', ...args], cliEnv);
      if (result.code !== 0) throw new Error(result.stderr);
      return JSON.parse(result.stdout) as {
        week?: string;
        comparisons: { slug: string; tools: { name: string; ship: number; skip: number }[] }[];
      };
    },
    async close() {
      await handle.close();
      await database.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type VotingWeek = Awaited<ReturnType<typeof votingWeek>>;
