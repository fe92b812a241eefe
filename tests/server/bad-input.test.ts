import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import { type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const TEN_KB = 'x'.repeat(10 * 1024);

describe.each(DIALECTS)('bad signups on %s: a clear 4xx, nothing stored, never a 500', (dialect) => {
  let h: ServerHarness;
  beforeEach(async () => {
    h = await serverHarness(dialect, { signupsPerIp: 1000 });
  });
  afterEach(async () => {
    expect(await h.count()).toBe(0);
    expect(h.sent).toHaveLength(0);
    await h.close();
  });

  const cases: Array<[string, Record<string, string>, 'email' | 'name', RegExp]> = [
    ['no address', { email: '' }, 'email', /Enter your email address/],
    [
      'a malformed address',
      { email: 'ada@@example.com' },
      'email',
      /“ada@@example.com” contains more than one @/,
    ],
    ['no domain', { email: 'ada@localhost' }, 'email', /has an invalid domain/],
    [
      'an overlong address',
      { email: `${'a'.repeat(64)}@${'b'.repeat(250)}.com` },
      'email',
      /longer than 254 characters/,
    ],
    [
      'a local part over 64 characters',
      { email: `${'a'.repeat(65)}@example.com` },
      'email',
      /longer than 64 characters/,
    ],
    ['a 10 KB address', { email: TEN_KB }, 'email', /at most 254 characters/],
    ['a 10 KB name', { email: 'ada@example.com', name: TEN_KB }, 'name', /100 characters or fewer/],
    [
      'CR/LF in the name',
      { email: 'ada@example.com', name: 'Ada\r\nBcc: victim@example.com' },
      'name',
      /single line/,
    ],
    [
      'CR/LF in the address',
      { email: 'ada@example.com\r\nBcc: x@example.com' },
      'email',
      /line break or control character/,
    ],
  ];

  it.each(cases)('form with %s: 400 and the page says what to fix', async (_, fields, field, message) => {
    const response = await h.form('/subscribe', fields);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(message);
    expect(html).toContain(`aria-describedby="${field}-error"`);
    // A huge field is not echoed back in full.
    expect(html.length).toBeLessThan(8000);
  });

  it.each(cases)('API with %s: 400 validation_error naming the field', async (_, fields, field, message) => {
    const response = await h.json('/api/subscribe', fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ error: 'validation_error', message: expect.stringMatching(message) });
    expect(body.issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('escapes what it echoes back', async () => {
    const response = await h.form('/subscribe', { email: '"><script>alert(1)</script>', name: '<b>x</b>' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
  });

  it('refuses bodies that are not what the door takes', async () => {
    const invalidJson = await h.json('/api/subscribe', '{"email": ');
    expect(invalidJson.status).toBe(400);
    expect(await invalidJson.json()).toMatchObject({ error: 'invalid_json' });
    const notAnObject = await h.json('/api/subscribe', '["ada@example.com"]');
    expect(notAnObject.status).toBe(400);
    expect(await notAnObject.json()).toMatchObject({
      error: 'validation_error',
      message: 'Send an object with an "email" field.',
    });
    const wrongType = await h.json('/api/subscribe', { email: 42 });
    expect(wrongType.status).toBe(400);
    const formToApi = await h.form('/api/subscribe', { email: 'ada@example.com' });
    expect(formToApi.status).toBe(415);
    expect(await formToApi.json()).toMatchObject({ error: 'unsupported_media_type' });
    const jsonToForm = await h.json('/subscribe', { email: 'ada@example.com' });
    expect(jsonToForm.status).toBe(415);
    expect(await jsonToForm.text()).toContain('Send the form as a normal HTML form post.');
    const file = new FormData();
    file.append('email', new Blob(['ada@example.com']), 'email.txt');
    const upload = await h.request('/subscribe', { method: 'POST', body: file });
    expect(upload.status).toBe(400);
  });

  it('refuses a body over 16 KB with 413, as JSON or as a page', async () => {
    const big = 'y'.repeat(17 * 1024);
    const api = await h.json('/api/subscribe', { email: 'ada@example.com', name: big });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ error: 'payload_too_large' });
    const form = await h.form('/subscribe', { email: 'ada@example.com', name: big });
    expect(form.status).toBe(413);
    expect(await form.text()).toContain('The request is larger than 16 KB.');
    // Without a Content-Length the limit still holds (streamed body).
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`email=ada%40example.com&name=${big}`));
        controller.close();
      },
    });
    const streamed = await h.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // A declared Content-Length over the limit is refused from the header alone; under it, read as usual.
    const declared = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(17 * 1024) },
      body: JSON.stringify({ email: 'ada@example.com' }),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'payload_too_large' });
    const small = JSON.stringify({ email: 'not an address' });
    const underLimit = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(small)) },
      body: small,
    });
    expect(underLimit.status).toBe(400);
    expect(await underLimit.json()).toMatchObject({ error: 'validation_error' });
  });

  it('answers unknown paths and methods with a 404 page or JSON', async () => {
    const page = await h.request('/nope');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
    const api = await h.request('/api/nope');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: 'not_found' });
    expect((await h.request('/subscribe')).status).toBe(303);
  });
});

describe.each(DIALECTS)('a burst of signups from one address on %s', (dialect) => {
  let h: ServerHarness;
  beforeEach(async () => {
    h = await serverHarness(dialect, { signupsPerIp: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  it('takes 10 in 10 minutes, then answers 429 with Retry-After until the window turns', async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await h.json('/api/subscribe', { email: `burst${i}@example.com` })).status);
    }
    expect(statuses).toEqual(Array(10).fill(202));
    const refused = await h.json('/api/subscribe', { email: 'burst10@example.com' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'rate_limit_exceeded' });
    const page = await h.form('/subscribe', { email: 'burst11@example.com' });
    expect(page.status).toBe(429);
    expect(await page.text()).toMatch(
      /Too many signups from your network\. Please try again in \d+ (minutes|seconds)\./,
    );
    expect(await h.count()).toBe(10);
    // Someone else is not affected; the X-Forwarded-For a client sends is not believed.
    expect((await h.json('/api/subscribe', { email: 'other@example.com' }, '198.51.100.9')).status).toBe(202);
    const spoofed = await h.request('/api/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.55' },
      body: JSON.stringify({ email: 'spoof@example.com' }),
    });
    expect(spoofed.status).toBe(429);
    h.advance(10 * 60_000);
    expect((await h.json('/api/subscribe', { email: 'later@example.com' })).status).toBe(202);
  });
});
