import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { legacyToken } from '../helpers/legacy-token.ts';
import { SECRET, type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe.each(DIALECTS)('unsubscribing on %s', (dialect) => {
  let h: ServerHarness;
  let id: number;
  let url: string;
  beforeEach(async () => {
    h = await serverHarness(dialect);
    id = (await h.subscribers.add({ email: 'ada@example.com', status: 'active', source: 'cli' })).subscriber
      .id;
    url = `/unsubscribe?token=${unsubscribeToken(SECRET, id)}`;
  });
  afterEach(async () => {
    await h.close();
  });

  const post = (path: string, body = ONE_CLICK, type = 'application/x-www-form-urlencoded') =>
    h.request(path, { method: 'POST', headers: { 'content-type': type }, body });

  it('GET shows one confirm button and changes nothing (link scanners follow GETs)', async () => {
    const response = await h.request(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<strong>ada@example.com</strong> will get no more issues.');
    expect(html).toContain(`<form method="post" action="${url}">`);
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect((await h.subscribers.findById(id))?.status).toBe('active');
  });

  it('an RFC 8058 POST unsubscribes at once, answers 200, and offers the way back', async () => {
    const response = await post(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('You are unsubscribed');
    expect(html).toMatch(
      /<form method="post" action="\/subscribe" class="inline">\s*<input type="hidden" name="email" value="ada@example.com">\s*<button type="submit" class="secondary">Resubscribe/,
    );
    expect(await h.subscribers.findById(id)).toMatchObject({
      status: 'unsubscribed',
      unsubscribed_at: h.clock().toISOString(),
    });
    // Again: still 200, nothing changes.
    h.advance(60_000);
    expect((await post(url)).status).toBe(200);
    expect((await h.subscribers.findById(id))?.unsubscribed_at).toBe(
      new Date(h.clock().getTime() - 60_000).toISOString(),
    );
    // The GET page now says so instead of offering the button again.
    expect(await (await h.request(url)).text()).toContain('You are unsubscribed');
  });

  it('takes the multipart form mail clients may send', async () => {
    const body = new FormData();
    body.append('List-Unsubscribe', 'One-Click');
    const response = await h.request(url, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('unsubscribed');
  });

  it('takes the one-click body under another content type rather than keep mailing someone', async () => {
    expect((await post(url, `${ONE_CLICK}\r\n`, 'text/plain')).status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('unsubscribed');
  });

  it('resubscribing from the page means confirming again', async () => {
    await post(url);
    const again = await h.form('/subscribe', { email: 'ada@example.com' });
    expect(again.status).toBe(303);
    expect((await h.subscribers.findById(id))?.status).toBe('pending');
    expect(h.sent.map((m) => m.subject)).toEqual(['Confirm your subscription to Weekly Verdicts']);
  });

  it('keeps bounced and complained addresses as they are, and offers no way back', async () => {
    await h.subscribers.setStatus(id, 'complained');
    const response = await post(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('You are unsubscribed');
    expect(html).not.toContain('Resubscribe');
    expect((await h.subscribers.findById(id))?.status).toBe('complained');
  });

  it('says a removed subscriber is off the list', async () => {
    await h.subscribers.remove('ada@example.com');
    for (const response of [await h.request(url), await post(url)]) {
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('This address is no longer on the list');
    }
  });

  it('refuses forged tokens, a missing token and a POST without One-Click, changing nothing', async () => {
    const forged = `/unsubscribe?token=${unsubscribeToken('another-secret-of-enough-length', id)}`;
    const otherId = `/unsubscribe?token=${unsubscribeToken(SECRET, id).replace(/^[^.]+/, Buffer.from(String(id + 1)).toString('base64url'))}`;
    for (const path of [
      forged,
      otherId,
      '/unsubscribe?token=abc',
      `/unsubscribe?token=${'z'.repeat(4000)}`,
    ]) {
      const get = await h.request(path);
      expect(get.status, path).toBe(400);
      expect(await get.text()).toContain('This link does not work');
      expect((await post(path)).status, path).toBe(400);
    }
    const missing = await post('/unsubscribe');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('missing its code');
    const noOneClick = await post(url, 'List-Unsubscribe=Yes');
    expect(noOneClick.status).toBe(400);
    expect(await noOneClick.text()).toContain('To unsubscribe, use the button on the unsubscribe page');
    expect((await post(url, `${ONE_CLICK}&pad=${'p'.repeat(20 * 1024)}`)).status).toBe(413);
    expect((await h.subscribers.findById(id))?.status).toBe('active');
  });

  it('still honours an unsubscribe link from an email sent before tokens became opaque', async () => {
    const old = `/unsubscribe?token=${legacyToken(SECRET, 'unsubscribe', [String(id)])}`;
    expect(old).not.toBe(url);
    const page = await h.request(old);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>ada@example.com</strong> will get no more issues.');
    expect((await post(old)).status).toBe(200);
    expect((await h.subscribers.findById(id))?.status).toBe('unsubscribed');
  });
});
