import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preferencesToken, voteToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { SECRET, type VotingWeek, votingWeek, WEEK } from '../helpers/vote-harness.ts';

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const CURSOR = 'cursor-background-agents-vs-smolvlm2-2b';
const WHISPER = 'whisper-large-v3-turbo-vs-deepgram-nova-3';
const DAY = 24 * 60 * 60_000;

/** The link in `to`'s email for this comparison, tool and choice. */
function link(week: VotingWeek, to: string, slug: string, tool: '0' | '1', choice: 'ship' | 'skip') {
  const found = week.inbox
    .get(to)!
    .links.find((l) => l.slug === slug && l.tool === tool && l.choice === choice);
  if (!found) throw new Error(`no ${slug}/${tool}/${choice} link for ${to}`);
  return found;
}

/** The same link with one query value replaced. */
function withParam(path: string, name: string, value: string): string {
  const url = new URL(`https://x${path}`);
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

/** A page's text as a reader sees it (Handlebars writes `=` as an entity). */
async function pageText(response: Response): Promise<string> {
  return (await response.text()).replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
}

async function recorded(week: VotingWeek): Promise<number> {
  const row = await week.db
    .selectFrom('reader_votes')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `votes --week --json` as {slug: [[ship, skip], [ship, skip]]}, comparisons with votes only. */
async function counts(week: VotingWeek) {
  const out = await week.votes();
  return Object.fromEntries(
    out.comparisons
      .filter((c) => c.tools.some((t) => t.ship + t.skip > 0))
      .map((c) => [c.slug, c.tools.map((t) => [t.ship, t.skip])]),
  );
}

describe.each(DIALECTS)('voting from the inbox on %s', { timeout: 60_000 }, (dialect) => {
  let week: VotingWeek;
  beforeEach(async () => {
    week = await votingWeek(dialect, { VOTE_WEEKS: '2' });
  }, 60_000);
  afterEach(async () => {
    await week?.close();
  });

  it('puts Ship it and Skip it under every tool a reader got, with one token of their own, in both parts', () => {
    const ada = week.inbox.get(ADA)!;
    const bob = week.inbox.get(BOB)!;
    expect(ada.links).toHaveLength(20);
    // Bob follows speech: his email holds one comparison, and his links name only it.
    expect(bob.links.map((l) => `${l.slug}/${l.tool}/${l.choice}`)).toEqual([
      `${WHISPER}/0/ship`,
      `${WHISPER}/0/skip`,
      `${WHISPER}/1/ship`,
      `${WHISPER}/1/skip`,
    ]);
    for (const [to, message] of [
      [ADA, ada],
      [BOB, bob],
    ] as const) {
      expect(week.textLinks(to)).toEqual(message.links);
      expect(new Set(message.links.map((l) => l.token)).size).toBe(1);
    }
    expect(ada.links[0]!.token).not.toBe(bob.links[0]!.token);
  });

  it('shows the tool and the choice on GET, with one button, and records nothing however often it is fetched', async () => {
    const ship = link(week, ADA, CURSOR, '0', 'ship');
    for (let i = 0; i < 3; i++) {
      const page = await week.request(ship.path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1>Ship it: Cursor Background Agents?</h1>');
      expect(html).toContain(
        `<form method="post" action="${ship.path.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;')}">`,
      );
      expect(html.match(/<button/g)).toHaveLength(1);
    }
    expect(await recorded(week)).toBe(0);
    expect(await counts(week)).toEqual({});
  });

  it('counts a POST once, counts the same POST again once, and lets the other choice replace it', async () => {
    const ship = link(week, ADA, CURSOR, '0', 'ship');
    const first = await pageText(await week.post(ship.path));
    expect(first).toContain('Your vote is counted.');
    expect(first).toContain('100% would ship Cursor Background Agents (n = 1)');
    expect(first).toContain('No reader votes on SmolVLM2-2B yet');
    expect(first).toContain(`href="https://verdicts.example.com/compare/${CURSOR}"`);
    expect(await (await week.post(ship.path)).text()).toContain('it counts once');
    // The same POST five times at once (a double click, a retrying client) still counts once.
    const again = await Promise.all(Array.from({ length: 5 }, () => week.post(ship.path)));
    expect(again.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await counts(week)).toEqual({
      [CURSOR]: [
        [1, 0],
        [0, 0],
      ],
    });

    const skip = await pageText(await week.post(link(week, ADA, CURSOR, '0', 'skip').path));
    expect(skip).toContain('Your vote is changed.');
    expect(skip).toContain('0% would ship Cursor Background Agents (n = 1)');
    await week.post(link(week, ADA, CURSOR, '1', 'ship').path);
    await week.post(link(week, BOB, WHISPER, '1', 'skip').path);
    await week.post(link(week, ADA, WHISPER, '1', 'ship').path);
    expect(await counts(week)).toEqual({
      [CURSOR]: [
        [0, 1],
        [1, 0],
      ],
      [WHISPER]: [
        [0, 0],
        [1, 1],
      ],
    });
    expect(await recorded(week)).toBe(4);
    const json = await week.votes();
    expect(json.week).toBe(WEEK);
    expect(json.comparisons.find((c) => c.slug === CURSOR)).toEqual({
      slug: CURSOR,
      tools: [
        { name: 'Cursor Background Agents', ship: 0, skip: 1 },
        { name: 'SmolVLM2-2B', ship: 1, skip: 0 },
      ],
    });
  });

  it('refuses forged, changed and foreign tokens, other comparisons and bad values with a 4xx, recording nothing', async () => {
    const ada = link(week, ADA, CURSOR, '0', 'ship');
    const bob = link(week, BOB, WHISPER, '0', 'ship');
    const flipped = `${ada.token.slice(0, 5)}${ada.token[5] === 'A' ? 'B' : 'A'}${ada.token.slice(6)}`;
    const refused: Array<[string, number]> = [
      // Bob's token moved onto a comparison his email did not hold.
      [withParam(ada.path, 'token', bob.token), 404],
      [withParam(ada.path, 'token', flipped), 400],
      [withParam(ada.path, 'token', preferencesToken(SECRET, 1)), 400],
      [withParam(ada.path, 'token', voteToken('another-secret-of-enough-length', 1, 202647)), 400],
      // Sealed with the right secret, for a subscriber who got nothing, and for a week never sent.
      [withParam(ada.path, 'token', voteToken(SECRET, 999, 202647)), 404],
      [withParam(ada.path, 'token', voteToken(SECRET, 1, 202646)), 404],
      [withParam(ada.path, 'token', 'none'), 400],
      [withParam(ada.path, 't', '2'), 400],
      [withParam(ada.path, 'v', 'maybe'), 400],
      [withParam(ada.path, 'c', 'no-such-comparison'), 404],
      ['/vote', 400],
    ];
    for (const [path, status] of refused) {
      expect((await week.request(path)).status, `GET ${path}`).toBe(status);
      expect((await week.post(path)).status, `POST ${path}`).toBe(status);
    }
    expect(await recorded(week)).toBe(0);
  });

  it('closes voting VOTE_WEEKS weeks after the issue was sent, saying so', async () => {
    const ship = link(week, ADA, CURSOR, '0', 'ship');
    week.advance(13 * DAY);
    expect((await week.request(ship.path)).status).toBe(200);
    week.advance(DAY);
    const closed = await week.request(ship.path);
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('Voting has closed');
    expect((await week.post(ship.path)).status).toBe(410);
    expect(await recorded(week)).toBe(0);
  });

  it('limits votes per reader, so one link cannot be replayed without end', async () => {
    const ship = link(week, ADA, CURSOR, '0', 'ship');
    const skip = link(week, ADA, CURSOR, '0', 'skip');
    for (let i = 0; i < 60; i++) expect((await week.post(i % 2 ? skip.path : ship.path)).status).toBe(200);
    const limited = await week.post(ship.path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another reader on the same network still votes.
    expect((await week.post(link(week, BOB, WHISPER, '0', 'ship').path)).status).toBe(200);
  });

  it('forgets a person’s votes but keeps the counts; an unsubscribed reader keeps the votes they cast', async () => {
    await week.post(link(week, ADA, CURSOR, '0', 'ship').path);
    await week.post(link(week, BOB, WHISPER, '0', 'skip').path);
    const unsubscribe = /https:\/\/news\.example\.com(\/unsubscribe\?token=[\w.-]+)/.exec(
      week.inbox.get(BOB)!.text,
    )![1]!;
    const left = await week.request(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);
    const forgot = await runCli(['subscribers', 'forget', ADA], week.env);
    expect(forgot.stdout).toContain('deleted 1 votes (the tallies keep them)');
    expect(await recorded(week)).toBe(1);
    expect(await counts(week)).toEqual({
      [CURSOR]: [
        [1, 0],
        [0, 0],
      ],
      [WHISPER]: [
        [0, 1],
        [0, 0],
      ],
    });
    // The forgotten reader's links vote for nobody now.
    expect((await week.post(link(week, ADA, CURSOR, '1', 'ship').path)).status).toBe(404);
  });

  it('puts what ten readers voted into the next digest, and nothing while fewer did', async () => {
    await week.close();
    week = await votingWeek(dialect, {}, 10);
    const readers = [...week.inbox.keys()].filter((to) => to.startsWith('reader'));
    expect(readers).toHaveLength(10);
    const next = async () => {
      const built = await runCli(['build', '--week', '2026-W48'], week.env);
      expect(built.code, built.stderr).toBe(0);
      return readFile(join(week.env.OUT_DIR, '2026-W48.txt'), 'utf8');
    };
    for (const [i, to] of readers.entries()) {
      if (i === 9) expect(await next()).not.toContain('Readers voted');
      await week.post(link(week, to, CURSOR, '0', i < 7 ? 'ship' : 'skip').path);
    }
    expect(await next()).toContain('Readers voted: 70% would ship Cursor Background Agents (n = 10)');
  });
});
