import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import {
  linkIn,
  PUBLIC_URL,
  type ServerHarness,
  SITE_URL,
  serverHarness,
} from '../helpers/server-harness.ts';

describe.each(DIALECTS)('signup on %s', (dialect) => {
  let h: ServerHarness;
  beforeEach(async () => {
    h = await serverHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('serves the hosted page: a labelled form that posts to /subscribe, with a hidden honeypot', async () => {
    const response = await h.request('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/subscribe" class="signup">');
    expect(html).toMatch(
      /<label for="email">Email address<\/label>\s*<input id="email" name="email" type="email" required/,
    );
    expect(html).toContain('<label for="name">Name');
    expect(html).toMatch(
      /<div class="hp" aria-hidden="true">[\s\S]*name="website" type="text" tabindex="-1"/,
    );
    expect(html).toContain('href="/assets/site.css?v=');
    expect(html).not.toContain('<script');
    const css = await h.request('/assets/site.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('--band:#1c1c22');
  });

  it('stores a pending subscriber, normalized, and emails a confirmation link', async () => {
    const response = await h.form('/subscribe', {
      email: '  Ada.Lovelace@Example.COM ',
      name: ' Ada ',
      website: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/check-your-inbox');
    const stored = await h.subscribers.findByEmail('ada.lovelace@example.com');
    expect(stored).toMatchObject({ status: 'pending', name: 'Ada', source: 'signup', confirmed_at: null });
    expect(h.sent).toHaveLength(1);
    const [mail] = h.sent;
    expect(mail).toMatchObject({
      to: 'ada.lovelace@example.com',
      subject: 'Confirm your subscription to Weekly Verdicts',
    });
    expect(mail?.headers).toEqual({});
    expect(linkIn(mail, '/confirm')).toMatch(/^\/confirm\?token=/);
    expect(mail?.html).toContain(`href="${PUBLIC_URL}/confirm?token=`);
    expect(mail?.text).toContain('The link works until 12 January 2026 at 09:00 (UTC)');
    const inbox = await h.request('/check-your-inbox');
    expect(await inbox.text()).toContain('Check your inbox');
  });

  it('answers the same whether the address is new, pending, active or suppressed (no enumeration)', async () => {
    await h.subscribers.add({ email: 'active@example.com', status: 'active', source: 'cli' });
    const bounced = await h.subscribers.add({
      email: 'bounced@example.com',
      status: 'active',
      source: 'cli',
    });
    await h.subscribers.setStatus(bounced.subscriber.id, 'bounced');
    const complained = await h.subscribers.add({
      email: 'complained@example.com',
      status: 'active',
      source: 'cli',
    });
    await h.subscribers.setStatus(complained.subscriber.id, 'complained');
    await h.subscribers.add({ email: 'pending@example.com', status: 'pending', source: 'signup' });

    const answers: { status: number; body: string | null; cache: string | null }[] = [];
    for (const email of [
      'new@example.com',
      'pending@example.com',
      'active@example.com',
      'bounced@example.com',
      'complained@example.com',
    ]) {
      const response = await h.json('/api/subscribe', { email, name: 'Someone' });
      answers.push({
        status: response.status,
        body: await response.text(),
        cache: response.headers.get('cache-control'),
      });
      const form = await h.form('/subscribe', { email });
      answers.push({ status: form.status, body: form.headers.get('location'), cache: null });
    }
    const api = answers.filter((_, i) => i % 2 === 0);
    const forms = answers.filter((_, i) => i % 2 === 1);
    expect(new Set(api.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(api[0]).toMatchObject({ status: 202, cache: 'no-store' });
    expect(JSON.parse(api[0]?.body ?? '')).toEqual({
      status: 'accepted',
      message:
        'If the address can receive email, a confirmation link is on its way. Open it within 7 days to subscribe.',
    });
    expect(new Set(forms.map((a) => JSON.stringify(a))).size).toBe(1);

    // Bounced and complained addresses are never re-activated and never mailed; active ones are left alone.
    expect((await h.subscribers.findByEmail('bounced@example.com'))?.status).toBe('bounced');
    expect((await h.subscribers.findByEmail('complained@example.com'))?.status).toBe('complained');
    expect(await h.subscribers.findByEmail('active@example.com')).toMatchObject({
      status: 'active',
      name: null,
    });
    expect(h.sent.map((m) => m.to).sort()).toEqual([
      'new@example.com',
      'new@example.com',
      'pending@example.com',
      'pending@example.com',
    ]);
  });

  it('sends an unsubscribed address that signs up again a new confirmation, keeps it pending, and takes no name from the form', async () => {
    const { subscriber } = await h.subscribers.add({
      email: 'back@example.com',
      status: 'active',
      source: 'cli',
    });
    await h.subscribers.setStatus(subscriber.id, 'unsubscribed');
    expect((await h.form('/subscribe', { email: 'back@example.com', name: 'Back Again' })).status).toBe(303);
    expect(await h.subscribers.findById(subscriber.id)).toMatchObject({
      status: 'pending',
      name: null,
    });
    expect(h.sent.map((m) => m.to)).toEqual(['back@example.com']);
  });

  it('stores nothing and sends nothing when the honeypot is filled, but looks like it worked', async () => {
    const form = await h.form('/subscribe', { email: 'bot@example.com', website: 'http://spam.example' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/check-your-inbox');
    const api = await h.json('/api/subscribe', { email: 'bot2@example.com', website: 'x' });
    expect(api.status).toBe(202);
    expect(await h.count()).toBe(0);
    expect(h.sent).toHaveLength(0);
  });

  it('lets the site origin call the API and post the form (CORS), and no other origin', async () => {
    const preflight = await h.request('/api/subscribe', {
      method: 'OPTIONS',
      headers: {
        origin: SITE_URL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE_URL);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const fromSite = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { origin: SITE_URL, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cors@example.com' }),
    });
    expect(fromSite.status).toBe(202);
    expect(fromSite.headers.get('access-control-allow-origin')).toBe(SITE_URL);
    expect(fromSite.headers.get('vary')).toBe('Origin');
    const postedElsewhere = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cors2@example.com' }),
    });
    expect(postedElsewhere.status).toBe(202);
    expect(postedElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(postedElsewhere.headers.get('vary')).toBe('Origin');
    const refused = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { origin: SITE_URL, 'content-type': 'text/plain' },
      body: 'cors3@example.com',
    });
    expect(refused.status).toBe(415);
    expect(refused.headers.get('access-control-allow-origin')).toBe(SITE_URL);
    expect(refused.headers.get('vary')).toBe('Origin');
    const elsewhere = await h.request('/api/subscribe', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // The embeddable snippet: a plain cross-origin form post answered with a redirect to our page.
    const snippet = await h.request('/subscribe', {
      method: 'POST',
      headers: { origin: SITE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=snippet%40example.com',
    });
    expect(snippet.status).toBe(303);
    expect((await h.subscribers.findByEmail('snippet@example.com'))?.status).toBe('pending');
  });

  it('limits confirmation emails per address, whoever asks', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await h.form('/subscribe', { email: 'victim@example.com' }, `198.51.100.${i}`)).status).toBe(
        303,
      );
    }
    expect(h.sent).toHaveLength(3);
    h.advance(60 * 60_000);
    await h.form('/subscribe', { email: 'victim@example.com' });
    expect(h.sent).toHaveLength(4);
  });

  it('counts confirmation emails per mailbox: +tags and Gmail dots do not get past the limit', async () => {
    const tagged = [
      'reader+1@example.com',
      'reader+2@example.com',
      'Reader+3@Example.com',
      'reader+4@example.com',
    ];
    for (const [i, email] of tagged.entries()) await h.form('/subscribe', { email }, `198.51.100.${i}`);
    expect(h.sent).toHaveLength(3);
    const gmail = [
      'r.e.a.d.e.r@gmail.com',
      'reader@googlemail.com',
      'read.er+news@gmail.com',
      'reader@gmail.com',
    ];
    for (const [i, email] of gmail.entries()) await h.form('/subscribe', { email }, `198.51.100.${10 + i}`);
    expect(h.sent).toHaveLength(6);
    // Each address is stored as typed (normalized to lower case), pending.
    for (const email of [...tagged, ...gmail]) {
      expect((await h.subscribers.findByEmail(email))?.email).toBe(email.toLowerCase());
    }
    // A different mailbox is not held back by them.
    await h.form('/subscribe', { email: 'reader@example.org' }, '198.51.100.30');
    expect(h.sent.at(-1)?.to).toBe('reader@example.org');
  });

  it('puts nothing typed into the form in the confirmation, and a second signup does not rename', async () => {
    await h.form('/subscribe', { email: 'ada@example.com', name: 'Ada' });
    await h.json('/api/subscribe', {
      email: 'ada@example.com',
      name: 'Call +1 555 0100 to claim your prize',
    });
    expect((await h.subscribers.findByEmail('ada@example.com'))?.name).toBe('Ada');
    expect(h.sent).toHaveLength(2);
    for (const mail of h.sent) {
      for (const part of [mail.subject, mail.html, mail.text]) {
        expect(part).not.toContain('Ada');
        expect(part).not.toContain('prize');
        expect(part).not.toContain('ada@example.com');
      }
    }
  });
});
