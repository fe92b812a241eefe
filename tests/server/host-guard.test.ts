import { afterEach, describe, expect, it } from 'vitest';
import { requestHost } from '../../src/server/host-guard.ts';
import { unsubscribeToken } from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { linkIn, SECRET, type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

/** One request to every route `serve` has. */
function everyRoute(confirmPath: string, unsubscribePath: string): Array<[string, RequestInit]> {
  const form = (body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return [
    ['/', {}],
    ['/subscribe', {}],
    ['/check-your-inbox', {}],
    ['/subscribe', form('email=mallory%40example.com')],
    [
      '/api/subscribe',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"eve@example.com"}',
      },
    ],
    ['/api/subscribe', { method: 'OPTIONS', headers: { origin: 'https://verdicts.example.com' } }],
    [confirmPath, {}],
    [confirmPath, { method: 'POST' }],
    [unsubscribePath, {}],
    [unsubscribePath, form('List-Unsubscribe=One-Click')],
    ['/webhooks/resend', { method: 'POST', body: '{}' }],
    ['/archive', {}],
    ['/archive/2026-W47', {}],
    ['/feed.xml', {}],
    ['/healthz', {}],
    ['/assets/site.css', {}],
    ['/no-such-page', {}],
  ];
}

describe('requestHost', () => {
  it('reads the host name the URL was built from, without port, lower-case', () => {
    expect(requestHost('http://News.Example.com:8080/x?y=1')).toBe('news.example.com');
    expect(requestHost('http://[::1]:3001/')).toBe('[::1]');
    expect(requestHost('https://news.example.com')).toBe('news.example.com');
    expect(requestHost('http://news.example.com@evil.example/')).toBe('news.example.com@evil.example');
  });
});

describe.each(DIALECTS)('the host check on %s', (dialect) => {
  let h: ServerHarness;
  afterEach(async () => {
    await h.close();
  });

  async function withPendingAndActive() {
    await h.form('/subscribe', { email: 'ada@example.com' });
    const confirm = linkIn(h.sent.at(-1), '/confirm');
    const { subscriber } = await h.subscribers.add({
      email: 'bob@example.com',
      status: 'active',
      source: 'cli',
    });
    return { confirm, unsubscribe: `/unsubscribe?token=${unsubscribeToken(SECRET, subscriber.id)}` };
  }

  it('answers 421 on every route for a host name that is not PUBLIC_URL’s, changing nothing', async () => {
    h = await serverHarness(dialect, { webhooks: true });
    const { confirm, unsubscribe } = await withPendingAndActive();
    const before = await h.subscribers.list();
    const sent = h.sent.length;
    for (const [path, init] of everyRoute(confirm, unsubscribe)) {
      for (const host of ['rebound.example', 'news.example.com.evil.example', 'localhost', '127.0.0.1']) {
        const response = await h.request(`http://${host}:3000${path}`, init);
        expect(response.status, `${init.method ?? 'GET'} ${host}${path}`).toBe(421);
      }
    }
    expect(await h.subscribers.list()).toEqual(before);
    expect(h.sent).toHaveLength(sent);
    const page = await h.request('http://rebound.example/');
    expect(await page.text()).toContain('This server does not answer for that host name.');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers on PUBLIC_URL’s host, with or without a port, and on each ALLOWED_HOSTS name', async () => {
    h = await serverHarness(dialect, { allowedHosts: 'www.news.example.com, 10.0.0.5' });
    for (const base of [
      'https://news.example.com',
      'http://NEWS.example.com:8443',
      'https://www.news.example.com',
      'http://10.0.0.5:3000',
    ]) {
      expect((await h.request(`${base}/healthz`)).status, base).toBe(200);
    }
    expect((await h.request('http://10.0.0.6/healthz')).status).toBe(421);
  });
});
