import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/content/topics.ts';
import { preferencesToken, unsubscribeToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { SECRET, type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const TOPICS: Topic[] = [
  { id: 'coding-agents', name: 'Coding Agents', comparisons: 3 },
  { id: 'speech', name: 'Speech', comparisons: 1 },
  { id: 'rag-frameworks', name: 'RAG Frameworks', comparisons: 2 },
];
const WEEK = 7 * 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('the preferences page on %s', (dialect) => {
  let h: ServerHarness;
  let id: number;
  let url: string;
  beforeEach(async () => {
    h = await serverHarness(dialect, { topics: TOPICS });
    id = (await h.subscribers.add({ email: 'ada@example.com', status: 'active', source: 'cli' })).subscriber
      .id;
    url = `/preferences?token=${preferencesToken(SECRET, id)}`;
  });
  afterEach(async () => {
    await h.close();
  });

  const save = (fields: [string, string][], path = url) =>
    h.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const ticked = (html: string) =>
    [...html.matchAll(/name="topics" value="([^"]+)" checked/g)].map((m) => m[1]);

  it('GET shows every topic and the pause choices, and changes nothing', async () => {
    const response = await h.request(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Choose what <strong>ada@example.com</strong> gets each week.');
    for (const topic of TOPICS) expect(html).toContain(`value="${topic.id}"`);
    expect(html).toContain('Coding Agents <span class="muted">· 3 comparisons</span>');
    expect(html).toContain('Speech <span class="muted">· 1 comparison</span>');
    expect(ticked(html)).toEqual([]);
    expect(html).toMatch(/name="pause_weeks" value="0" checked> No pause/);
    expect(html).toContain('<meta name="robots" content="noindex');
    const before = await h.subscribers.findById(id);
    await h.request(url);
    expect(await h.subscribers.findById(id)).toEqual(before);
  });

  it('POST saves the ticked topics, says what was saved, and shows them ticked next time', async () => {
    const response = await save([
      ['topics', 'speech'],
      ['topics', 'coding-agents'],
      ['pause_weeks', '0'],
    ]);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Saved. You follow Coding Agents and Speech. The next digest comes as usual.');
    expect(await h.subscribers.findById(id)).toMatchObject({
      topics: 'coding-agents,speech',
      paused_until: null,
    });
    expect(ticked(await (await h.request(url)).text()).sort()).toEqual(['coding-agents', 'speech']);

    // Ticking none goes back to every comparison.
    const everything = await save([['pause_weeks', '0']]);
    expect(await everything.text()).toContain('You get every comparison.');
    expect((await h.subscribers.findById(id))?.topics).toBeNull();
  });

  it('pauses for 1, 2 or 4 weeks, keeps a pause when no choice is sent, and starts again on 0', async () => {
    const paused = await save([['pause_weeks', '2']]);
    const until = new Date(h.clock().getTime() + 2 * WEEK);
    expect(await paused.text()).toContain('No digest until 19 January 2026.');
    expect((await h.subscribers.findById(id))?.paused_until).toBe(until.toISOString());

    const page = await (await h.request(url)).text();
    expect(page).toContain('Paused: no digest until 19 January 2026.');
    expect(page).toMatch(/value="0"> Start again now/);
    expect(page).not.toMatch(/name="pause_weeks" value="\d" checked/);

    // Changing topics while paused (no pause choice ticked) keeps the pause.
    await save([['topics', 'speech']]);
    expect(await h.subscribers.findById(id)).toMatchObject({
      topics: 'speech',
      paused_until: until.toISOString(),
    });

    await save([
      ['topics', 'speech'],
      ['pause_weeks', '0'],
    ]);
    expect((await h.subscribers.findById(id))?.paused_until).toBeNull();
  });

  it('refuses a topic the site does not publish and a pause it does not offer, naming the field, saving nothing', async () => {
    const unknown = await save([
      ['topics', 'speech'],
      ['topics', '<b>crypto</b>'],
    ]);
    expect(unknown.status).toBe(400);
    const html = await unknown.text();
    expect(html).toContain('Nothing was saved');
    expect(html).toContain('Unknown topic “&lt;b&gt;crypto&lt;/b&gt;”.');
    expect(html).not.toContain('<b>crypto</b>');

    for (const offered of ['3', '', ' ', '0x4', '1e0', '-1']) {
      const pause = await save([['pause_weeks', offered]]);
      expect(pause.status, offered).toBe(400);
      expect(await pause.text()).toContain('Choose a pause of 0, 1, 2 or 4 weeks.');
    }
    expect(await h.subscribers.findById(id)).toMatchObject({ topics: null, paused_until: null });
  });

  it('answers a damaged, forged or other-purpose token with a 400 page, and a missing one with 400', async () => {
    const token = preferencesToken(SECRET, id);
    const damaged = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}x`;
    const forged = preferencesToken('another-secret-of-sufficient-length', id);
    const unsubscribe = unsubscribeToken(SECRET, id);
    for (const bad of [damaged, forged, unsubscribe, '']) {
      for (const method of ['GET', 'POST']) {
        const response =
          method === 'GET'
            ? await h.request(`/preferences?token=${encodeURIComponent(bad)}`)
            : await save([['topics', 'speech']], `/preferences?token=${encodeURIComponent(bad)}`);
        expect(response.status, `${method} ${bad}`).toBe(400);
        expect(await response.text()).not.toContain('ada@example.com');
      }
    }
    expect((await h.request('/preferences')).status).toBe(400);
    expect((await h.subscribers.findById(id))?.topics).toBeNull();
  });

  it('takes the token from the form body as well as the query', async () => {
    const response = await save(
      [
        ['token', preferencesToken(SECRET, id)],
        ['topics', 'rag-frameworks'],
      ],
      '/preferences',
    );
    expect(response.status).toBe(200);
    expect((await h.subscribers.findById(id))?.topics).toBe('rag-frameworks');
  });

  it('offers leaving altogether through the one-click unsubscribe form', async () => {
    const html = await (await h.request(url)).text();
    const action = html.match(/<form method="post" action="(\/unsubscribe\?token=[^"]+)">/)?.[1];
    expect(action).toBeDefined();
    const response = await h.request(action!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('unsubscribed');
    // The page still opens, and says the address is not subscribed.
    expect(await (await h.request(url)).text()).toContain('This address is not subscribed right now');
  });

  it('a forgotten subscriber’s link opens nothing', async () => {
    await h.db.deleteFrom('subscribers').where('id', '=', id).execute();
    const response = await h.request(url);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('no longer exists');
  });

  it('shows a followed topic the site no longer publishes, ticked, and lets the reader keep or drop it', async () => {
    await h.subscribers.setPreferences(id, { topics: ['speech', 'voice-agents'], pausedUntil: null });
    const html = await (await h.request(url)).text();
    expect(ticked(html)).toEqual(['speech', 'voice-agents']);
    expect(html).toContain('no longer published');
    expect(
      (
        await save([
          ['topics', 'voice-agents'],
          ['topics', 'speech'],
        ])
      ).status,
    ).toBe(200);
    expect((await h.subscribers.findById(id))?.topics).toBe('speech,voice-agents');
    expect((await save([['topics', 'speech']])).status).toBe(200);
    expect((await h.subscribers.findById(id))?.topics).toBe('speech');
    // Once dropped it is not offered again, and a forged one is still refused.
    expect((await save([['topics', 'voice-agents']])).status).toBe(400);
  });
});
