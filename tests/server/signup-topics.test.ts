import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/content/topics.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const TOPICS: Topic[] = [
  { id: 'coding-agents', name: 'Coding Agents', comparisons: 3 },
  { id: 'speech', name: 'Speech', comparisons: 1 },
];

describe.each(DIALECTS)('choosing topics at signup on %s', (dialect) => {
  let h: ServerHarness;
  beforeEach(async () => {
    h = await serverHarness(dialect, { topics: TOPICS });
  });
  afterEach(async () => {
    await h.close();
  });

  const post = (fields: [string, string][]) =>
    h.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const stored = async (email: string) => (await h.subscribers.findByEmail(email))?.topics;

  it('offers the published topics as optional checkboxes, none ticked', async () => {
    const html = await (await h.request('/')).text();
    expect(html).toContain('<legend>Topics <span class="optional">(optional)</span></legend>');
    expect(html).toContain('<input type="checkbox" name="topics" value="coding-agents"> Coding Agents');
    expect(html).toContain('<input type="checkbox" name="topics" value="speech"> Speech');
    expect(html).not.toContain(' checked');
  });

  it('keeps the ticked topics on the new subscriber; ticking none follows everything', async () => {
    expect(
      (
        await post([
          ['email', 'ada@example.com'],
          ['topics', 'speech'],
          ['topics', 'coding-agents'],
        ])
      ).status,
    ).toBe(303);
    expect(await stored('ada@example.com')).toBe('coding-agents,speech');
    await post([['email', 'bob@example.com']]);
    expect(await stored('bob@example.com')).toBeNull();
  });

  it('the JSON API takes topics as a list of ids', async () => {
    const response = await h.json('/api/subscribe', { email: 'cy@example.com', topics: ['speech'] });
    expect(response.status).toBe(202);
    expect(await stored('cy@example.com')).toBe('speech');
  });

  it('refuses an unknown topic naming the field, keeps what was typed and ticked, stores nothing', async () => {
    const response = await post([
      ['email', 'ada@example.com'],
      ['topics', 'speech'],
      ['topics', 'crypto'],
    ]);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#topics">Unknown topic “crypto”: choose from the topics offered.</a>');
    expect(html).toContain('value="ada@example.com"');
    expect(html).toContain('<input type="checkbox" name="topics" value="speech" checked> Speech');
    expect(await h.count()).toBe(0);

    const api = await h.json('/api/subscribe', { email: 'ada@example.com', topics: 'nope' });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: 'validation_error', issues: [{ field: 'topics' }] });
    const wrongShape = await h.json('/api/subscribe', { email: 'ada@example.com', topics: { a: 1 } });
    expect(wrongShape.status).toBe(400);
    expect(await h.count()).toBe(0);
  });

  it('a signup for an address already subscribed changes nothing it follows (anyone can type an address)', async () => {
    const { subscriber } = await h.subscribers.add({
      email: 'dee@example.com',
      status: 'active',
      source: 'cli',
    });
    await h.subscribers.setPreferences(subscriber.id, { topics: ['speech'], pausedUntil: null });
    await post([
      ['email', 'dee@example.com'],
      ['topics', 'coding-agents'],
    ]);
    expect(await stored('dee@example.com')).toBe('speech');
  });

  it('a signup for an unsubscribed address asks to confirm but leaves what it followed and its pause alone', async () => {
    const { subscriber } = await h.subscribers.add({
      email: 'eve@example.com',
      status: 'active',
      source: 'cli',
    });
    const pausedUntil = '2027-01-01T00:00:00.000Z';
    await h.subscribers.setPreferences(subscriber.id, { topics: ['speech'], pausedUntil });
    await h.subscribers.setStatus(subscriber.id, 'unsubscribed');
    await post([
      ['email', 'eve@example.com'],
      ['name', 'Stranger'],
      ['topics', 'coding-agents'],
    ]);
    expect(await h.subscribers.findByEmail('eve@example.com')).toMatchObject({
      status: 'pending',
      name: null,
      topics: 'speech',
      paused_until: pausedUntil,
    });
  });
});
