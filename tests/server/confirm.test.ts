import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmationToken, unsubscribeToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { legacyToken } from '../helpers/legacy-token.ts';
import { linkIn, PUBLIC_URL, SECRET, type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const DAY = 24 * 60 * 60_000;

describe.each(DIALECTS)('confirming on %s', (dialect) => {
  let h: ServerHarness;
  beforeEach(async () => {
    h = await serverHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  async function signUp(email = 'ada@example.com') {
    await h.form('/subscribe', { email, name: 'Ada' });
    return linkIn(h.sent.at(-1), '/confirm');
  }
  /** The button on the confirmation page: a POST to the link's own URL. */
  const press = (link: string) => h.request(link, { method: 'POST' });

  it('GET shows one button and changes nothing (mail scanners follow links); its POST confirms', async () => {
    const link = await signUp();
    for (let scan = 0; scan < 3; scan++) {
      const response = await h.request(link);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<h1>Confirm your subscription</h1>');
      expect(html).toContain('<strong>ada@example.com</strong>');
      expect(html).toContain(`<form method="post" action="${link}">`);
      expect(html.match(/<button/g)).toHaveLength(1);
      expect(html).toContain('<meta name="robots" content="noindex">');
    }
    const head = await h.request(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await h.subscribers.findByEmail('ada@example.com'))?.status).toBe('pending');
    expect(h.sent).toHaveLength(1);
    const confirmed = await press(link);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect((await h.subscribers.findByEmail('ada@example.com'))?.status).toBe('active');
  });

  it('activates once, then sends a welcome email with a one-click unsubscribe', async () => {
    const link = await signUp();
    h.advance(60_000);
    const response = await press(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain('You are subscribed');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(await h.subscribers.findByEmail('ada@example.com')).toMatchObject({
      status: 'active',
      confirmed_at: new Date(h.clock().getTime()).toISOString(),
    });
    const welcome = h.sent.at(-1);
    expect(welcome).toMatchObject({ to: 'ada@example.com', subject: 'Welcome to Weekly Verdicts' });
    const unsubscribe = `${PUBLIC_URL}${linkIn(welcome, '/unsubscribe')}`;
    expect(welcome?.headers).toEqual({
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(welcome?.html).toContain(`href="${unsubscribe}"`);
    // The name typed on the form never reaches an inbox: anyone could have typed it.
    expect(welcome?.text).toContain('Thanks for confirming.');
    expect(`${welcome?.html}${welcome?.text}`).not.toContain('Ada');

    // A second click, or opening the link again: the "already confirmed" page, a 409, no second welcome.
    for (const again of [await press(link), await h.request(link)]) {
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('You are already subscribed');
    }
    expect(h.sent).toHaveLength(2);
  });

  it('shows the expired page after 7 days and leaves the subscriber pending; a new link works', async () => {
    const link = await signUp();
    h.advance(7 * DAY + 1);
    expect((await press(link)).status).toBe(410);
    const response = await h.request(link);
    expect(response.status).toBe(410);
    const html = await response.text();
    expect(html).toContain('This link has expired');
    expect(html).toMatch(
      /<input type="hidden" name="email" value="ada@example.com">\s*<button type="submit" class="secondary">Send me a new link/,
    );
    expect((await h.subscribers.findByEmail('ada@example.com'))?.status).toBe('pending');
    // The page's button asks for a new link.
    const fresh = await signUp();
    expect(fresh).not.toBe(link);
    expect((await press(fresh)).status).toBe(200);
    expect((await h.subscribers.findByEmail('ada@example.com'))?.status).toBe('active');
  });

  it('refuses forged, damaged, missing and misused tokens with a 400 page, changing nothing', async () => {
    const link = await signUp();
    const token = link.split('token=')[1]!;
    const [payload, signature] = token.split('.');
    const { id } = (await h.subscribers.findByEmail('ada@example.com'))!;
    const attempts = [
      `/confirm?token=${payload}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`,
      `/confirm?token=${payload}`,
      `/confirm?token=${'x'.repeat(5000)}`,
      `/confirm?token=${confirmationToken('another-secret-of-enough-length', id, h.clock().getTime() + DAY)}`,
      `/confirm?token=${unsubscribeToken(SECRET, id)}`,
      `/confirm?token=${confirmationToken(SECRET, 9999, h.clock().getTime() + DAY)}`,
      '/confirm?token=%00%0d%0a',
      '/confirm',
    ];
    for (const attempt of attempts) {
      for (const response of [await h.request(attempt), await press(attempt)]) {
        expect(response.status, attempt).toBe(400);
        expect(await response.text()).toContain('This link does not work');
      }
    }
    expect((await h.subscribers.findById(id))?.status).toBe('pending');
  });

  it('does not let an old, spent link re-activate someone who left and signed up again', async () => {
    const first = await signUp();
    await press(first);
    const { id } = (await h.subscribers.findByEmail('ada@example.com'))!;
    h.advance(DAY);
    await h.subscribers.setStatus(id, 'unsubscribed');
    h.advance(DAY);
    const second = await signUp();
    for (const spent of [await press(first), await h.request(first)]) {
      expect(spent.status).toBe(409);
      expect(await spent.text()).toContain('This link was already used');
    }
    expect((await h.subscribers.findById(id))?.status).toBe('pending');
    expect((await press(second)).status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('active');
  });

  it('never activates an address that bounced or complained while pending', async () => {
    const link = await signUp();
    const { id } = (await h.subscribers.findByEmail('ada@example.com'))!;
    await h.subscribers.setStatus(id, 'bounced');
    expect((await h.request(link)).status).toBe(409);
    const response = await press(link);
    expect(response.status).toBe(409);
    expect((await h.subscribers.findById(id))?.status).toBe('bounced');
  });

  it('activates exactly once when two clicks race', async () => {
    const link = await signUp();
    const [a, b] = await Promise.all([press(link), press(link)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(h.sent.filter((m) => m.subject.startsWith('Welcome'))).toHaveLength(1);
  });

  it('still confirms with a link of the first format until it expires', async () => {
    await signUp();
    const { id } = (await h.subscribers.findByEmail('ada@example.com'))!;
    const old = `/confirm?token=${legacyToken(SECRET, 'confirm', [String(id), String(h.clock().getTime() + DAY)])}`;
    expect((await h.request(old)).status).toBe(200);
    expect((await press(old)).status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('active');
  });
});
