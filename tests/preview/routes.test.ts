import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copySampleContent, previewApp } from '../helpers/preview-fixtures.ts';

type Folders = Awaited<ReturnType<typeof copySampleContent>>;
let folders: Folders;

beforeEach(async () => {
  folders = await copySampleContent();
});
afterEach(async () => {
  await folders.cleanup();
});

/** What a reader sees of a page: tags dropped, entities decoded, whitespace collapsed. */
function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Attribute values as a browser reads them (Handlebars escapes `=` and `&`). */
function attrs(html: string): string {
  return html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
}

/** The email a frame shows inline: its `srcdoc`, decoded as a browser decodes the attribute. */
function frameDocument(html: string): { width: string; document: string } | undefined {
  const match = /<iframe id="email" data-email [^>]*srcdoc="([^"]*)" width="(\d+)"/.exec(html);
  if (!match) return undefined;
  const document = match[1]!
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return { width: match[2]!, document };
}

const same = { origin: 'http://localhost' };
const form = (fields: Record<string, string>, headers: Record<string, string> = same) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

async function edit(file: string, change: (source: string) => string) {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('index', () => {
  it('lists next, current and recent weeks with their comparisons, drafts marked', async () => {
    const { app } = previewApp(folders);
    const response = await app.request('/');
    expect(response.status).toBe(200);
    const page = text(await response.text());
    for (const week of ['2026-W49', '2026-W48', '2026-W47', '2026-W46', '2026-W44'])
      expect(page).toContain(week);
    expect(page).toMatch(/2026-W49 Next week .* 0 comparisons/);
    expect(page).toMatch(/2026-W48 This week 23–29 November 2026 · 4 comparisons/);
    expect(page).toMatch(/2026-W47 Last week 16–22 November 2026 · 5 comparisons · note/);
    expect(page).toContain('Cursor Background Agents vs SmolVLM2-2B Featured');
    expect(page).toContain('Draft Kokoro-82M vs ElevenLabs Flash v2.5');
  });

  it('shows content problems with file, field and message instead of failing', async () => {
    await edit(join(folders.contentDir, 'comparisons/gemma-3n-vs-phi-4-mini.md'), (s) =>
      s.replace('community: 49', 'community: 150'),
    );
    const { app } = previewApp(folders);
    const response = await app.request('/');
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain('Content problems');
    expect(page).toContain(
      `${join(folders.contentDir, 'comparisons/gemma-3n-vs-phi-4-mini.md')} tools[0].community must be a number from 0 to 100 or null`,
    );
  });
});

describe('week page', () => {
  it('shows the digest in a frame with toggles, the inbox row, the size against 102 KB and the checks', async () => {
    const { app } = previewApp(folders);
    const response = await app.request('/week/2026-W47');
    expect(response.status).toBe(200);
    const raw = await response.text();
    const html = attrs(raw);
    const frame = frameDocument(raw);
    expect(frame?.width).toBe('600');
    expect(frame?.document).toBe(await (await app.request('/week/2026-W47/email.html')).text());
    expect(frame?.document).toContain('Cursor Background Agents vs SmolVLM2-2B');
    for (const link of ['?width=375', '?scheme=dark', '?view=text'])
      expect(html).toContain(`href="/week/2026-W47${link}"`);
    const page = text(html);
    expect(page).toContain(
      'Weekly Verdicts 5 verdicts: Cursor Background Agents vs SmolVLM2-2B and more Async coding agents',
    );
    expect(page).toMatch(/\d+\.\d KB of 102\.0 KB · \d+\.\d KB to spare/);
    expect(page).toContain('No errors, 1 warning. Sending would go ahead.');
    expect(page).toContain('Ready to send, with 1 warning');
    expect(page).toContain(`${join(folders.contentDir, 'comparisons/llamaindex-vs-haystack.md')}`);
  });

  it('switches to mobile width, dark mode and the plain text by query, so every state is a link', async () => {
    const { app } = previewApp(folders);
    const mobileRaw = await (await app.request('/week/2026-W47?width=375&scheme=dark')).text();
    const mobile = attrs(mobileRaw);
    const frame = frameDocument(mobileRaw);
    expect(frame?.width).toBe('375');
    expect(frame?.document).toBe(await (await app.request('/week/2026-W47/email.html?scheme=dark')).text());
    expect(frame?.document).toContain('<style data-preview="dark">');
    expect(mobile).toMatch(
      /<a href="\/week\/2026-W47\?width=375&scheme=dark" data-view="width-375" class="on"/,
    );
    const plain = await (await app.request('/week/2026-W47?view=text')).text();
    expect(plain).not.toContain('<iframe');
    expect(text(plain)).toContain('WEEKLY VERDICTS Issue 2026-W47');
    expect(text(plain)).toContain('Unsubscribe: https://news.example.com/unsubscribe');
  });

  it('serves the email, its dark view and its plain text', async () => {
    const { app } = previewApp(folders);
    const html = await (await app.request('/week/2026-W47/email.html')).text();
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toContain('href="https://news.example.com/unsubscribe"');
    expect(html).not.toContain('data-preview="dark"');
    const dark = await (await app.request('/week/2026-W47/email.html?scheme=dark')).text();
    expect(dark).toContain(
      '<meta name="color-scheme" content="dark"/><style data-preview="dark">:root{color-scheme:dark}',
    );
    expect(dark).toContain('.wv-card{background-color:#1b1c21!important}');
    const plain = await app.request('/week/2026-W47/email.txt');
    expect(plain.headers.get('content-type')).toContain('text/plain');
    expect(await plain.text()).toMatch(/^WEEKLY VERDICTS\n/);
    expect((await app.request('/week/2026-W30/email.html')).status).toBe(404);
  });

  it('resolves current and next, and answers 404 for a week that does not exist', async () => {
    const { app } = previewApp(folders);
    const current = await app.request('/week/current?width=375');
    expect(current.status).toBe(302);
    expect(current.headers.get('location')).toBe('/week/2026-W48?width=375');
    expect((await app.request('/week/next')).headers.get('location')).toBe('/week/2026-W49');
    expect((await app.request('/week?id=2026-W46')).headers.get('location')).toBe('/week/2026-W46');
    const missing = await app.request('/week/2026-W60');
    expect(missing.status).toBe(404);
    expect(text(await missing.text())).toContain('"2026-W60" is not an ISO week');
  });

  it('says a week without comparisons has nothing to send', async () => {
    const { app } = previewApp(folders);
    const page = text(await (await app.request('/week/2026-W49')).text());
    expect(page).toContain('No comparisons: nothing will be sent this week');
    expect(page).toContain('Nothing to send');
  });

  it('lists a broken field in the page, keeps serving, and clears it once the file is fixed', async () => {
    const { app } = previewApp(folders);
    const file = join(folders.contentDir, 'comparisons/gemma-3n-vs-phi-4-mini.md');
    await edit(file, (s) => s.replace('community: 49', 'community: lots'));
    const broken = await app.request('/week/2026-W48');
    expect(broken.status).toBe(200);
    const page = text(await broken.text());
    expect(page).toContain('1 content problem: sending is blocked until they are fixed');
    expect(page).toContain(`${file} tools[0].community must be a number from 0 to 100 or null`);
    // The rest of the week still renders.
    expect(page).toContain('3 comparisons');

    await edit(file, (s) => s.replace('community: lots', 'community: 49'));
    const fixed = text(await (await app.request('/week/2026-W48')).text());
    expect(fixed).not.toContain('Content problems');
    expect(fixed).toContain('4 comparisons');
  });

  it('shows gate errors by file and field', async () => {
    const { app } = previewApp({
      ...folders,
      contentDir: 'tests/fixtures/gate-broken',
      issuesDir: 'tests/fixtures/gate-broken/issues',
    });
    const page = text(await (await app.request('/week/2026-W48')).text());
    expect(page).toContain('2 gate errors block sending');
    expect(page).toContain(
      'tests/fixtures/gate-broken/issues/2026-W48.md links intro link "/compare/older-one" is not absolute',
    );
    expect(page).toContain(
      'tests/fixtures/gate-broken/comparisons/alpha-vs-beta.md links tools[0].url link "http://alpha-notes.example.com" is http, not https',
    );
  });

  it('shows a template that fails to render as a problem, not a crash', async () => {
    const { app } = previewApp(folders, {
      render: async () => {
        throw new Error('Cannot read properties of undefined (reading "name")');
      },
    });
    const response = await app.request('/week/2026-W47');
    expect(response.status).toBe(200);
    expect(text(await response.text())).toContain(
      'templates/digest/Digest.tsx the digest failed to render: Cannot read properties of undefined (reading "name")',
    );
  });
});

describe('drafts', () => {
  it('previews a single draft on its own, with only its own problems', async () => {
    await edit(join(folders.contentDir, 'comparisons/gemma-3n-vs-phi-4-mini.md'), (s) =>
      s.replace('community: 49', 'community: 150'),
    );
    const { app } = previewApp(folders);
    const response = await app.request('/draft/kokoro-82m-vs-elevenlabs-flash');
    expect(response.status).toBe(200);
    const raw = await response.text();
    const html = attrs(raw);
    expect(frameDocument(raw)?.document).toContain('Kokoro-82M vs ElevenLabs Flash v2.5');
    const page = text(html);
    expect(page).toContain('Draft Kokoro-82M vs ElevenLabs Flash v2.5');
    expect(page).toMatch(/Draft, never sent: passes the gate/);
    expect(page).not.toContain('gemma-3n-vs-phi-4-mini.md');
    const email = await (await app.request('/draft/kokoro-82m-vs-elevenlabs-flash/email.html')).text();
    expect(email).toContain('Kokoro-82M vs ElevenLabs Flash v2.5');
    expect(email).toContain('1 comparison');
  });

  it('shows an invalid draft’s problems, and 404 for an unknown slug', async () => {
    const file = join(folders.contentDir, 'comparisons/kokoro-82m-vs-elevenlabs-flash.md');
    await edit(file, (s) => s.replace(/^title: .*$/m, 'title: ""'));
    const { app } = previewApp(folders);
    const response = await app.request('/draft/kokoro-82m-vs-elevenlabs-flash');
    expect(response.status).toBe(200);
    expect(text(await response.text())).toContain(`${file} title must not be empty`);
    expect((await app.request('/draft/no-such-thing')).status).toBe(404);
  });
});

describe('test send', () => {
  /** Follows the redirect after a send, as the browser does: the notice the next page shows. */
  async function noticeAfter(app: ReturnType<typeof previewApp>['app'], response: Response) {
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!, 'http://localhost');
    expect([...location.searchParams.keys()]).toEqual(['notice']);
    const page = await (await app.request(`${location.pathname}${location.search}`)).text();
    return {
      path: location.pathname,
      notice: text(/<p class="notice notice-\w+" role="status">([^<]*)<\/p>/.exec(page)?.[1] ?? '').trim(),
      prefilled: /id="test-to"[^>]*value="([^"]*)"/.exec(page)?.[1],
    };
  }

  it('sends one copy to the outbox, never touching a ledger, and says where', async () => {
    const { app } = previewApp(folders);
    const response = await app.request('/week/2026-W47/test-send', form({ to: 'Editor@Example.com' }));
    const after = await noticeAfter(app, response);
    expect(after.path).toBe('/week/2026-W47');
    expect(after.notice).toBe(
      `Test sent to editor@example.com through the outbox folder ${join(folders.outDir, 'outbox', '2026-W47-test')}/.`,
    );
    // The form keeps the address last sent to, from the preview's own memory.
    expect(after.prefilled).toBe('editor@example.com');
    const outbox = join(folders.outDir, 'outbox', '2026-W47-test');
    const files = await readdir(outbox);
    expect(files).toHaveLength(1);
    const message = await readFile(join(outbox, files[0]!), 'utf8');
    expect(message).toMatch(/^To: editor@example\.com$/m);
    expect(message).toMatch(/^Subject: \[Test\] 5 verdicts:/m);
    expect(message).toMatch(/^List-Unsubscribe:\s+<https:\/\/news\.example\.com\/unsubscribe\?token=/m);
  });

  it('refuses a bad address, and an edition with gate errors unless forced', async () => {
    const { app } = previewApp({
      ...folders,
      contentDir: 'tests/fixtures/gate-broken',
      issuesDir: 'tests/fixtures/gate-broken/issues',
    });
    const bad = await noticeAfter(
      app,
      await app.request('/week/2026-W48/test-send', form({ to: 'not-an-address' })),
    );
    expect(bad.notice).toMatch(/^Test not sent: "not-an-address" /);
    const blocked = await noticeAfter(
      app,
      await app.request('/week/2026-W48/test-send', form({ to: 'me@example.com' })),
    );
    expect(blocked.notice).toContain('Test not sent: 2 problem(s) and gate error(s)');
    const forced = await noticeAfter(
      app,
      await app.request('/week/2026-W48/test-send', form({ to: 'me@example.com', force: '1' })),
    );
    expect(forced.notice).toContain('Test sent to me@example.com');
  });

  it('sends a draft on its own too', async () => {
    const { app } = previewApp(folders);
    const response = await app.request(
      '/draft/kokoro-82m-vs-elevenlabs-flash/test-send',
      form({ to: 'me@example.com' }),
    );
    expect((await noticeAfter(app, response)).notice).toContain('Test sent');
    expect(await readdir(join(folders.outDir, 'outbox', '2026-W48-test'))).toHaveLength(1);
  });

  it('rejects a form posted from another site, or with no origin at all', async () => {
    const { app } = previewApp(folders);
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:3001' },
      { origin: 'http://127.0.0.1' },
      {},
      { 'sec-fetch-site': 'same-origin' },
    ] as Record<string, string>[]) {
      const response = await app.request('/week/2026-W47/test-send', form({ to: 'me@example.com' }, headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    const json = await app.request('/week/2026-W47/test-send', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: 'to=me@example.com',
    });
    expect(json.status).toBe(403);
    await expect(readdir(join(folders.outDir, 'outbox'))).rejects.toThrow();
  });

  it('lets no query parameter fill in the form or put words in the notice', async () => {
    const { app } = previewApp(folders);
    const page = await (
      await app.request(
        '/week/2026-W47?to=attacker@evil.example&sent=Test+sent&failed=Call+us&notice=00000000-0000-0000-0000-000000000000',
      )
    ).text();
    expect(page).toMatch(/id="test-to"[^>]*value=""/);
    expect(page).not.toContain('attacker@evil.example');
    expect(page).not.toContain('class="notice');
    expect(page).not.toContain('Call us');
  });
});

describe('guards and assets', () => {
  it('answers only for loopback host names, and those --allowed-host adds', async () => {
    const { app } = previewApp(folders);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      expect((await app.request(`http://${host}:3001/`)).status, host).toBe(200);
    }
    for (const host of ['rebound.example', 'preview.local', '192.168.1.5']) {
      const response = await app.request(`http://${host}:3001/`);
      expect(response.status, host).toBe(421);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    const posted = await app.request(
      'http://rebound.example/week/2026-W47/test-send',
      form({ to: 'me@example.com' }, { origin: 'http://rebound.example' }),
    );
    expect(posted.status).toBe(421);
    const opened = previewApp(folders, { allowedHosts: ['preview.local'] }).app;
    expect((await opened.request('http://preview.local:3001/')).status).toBe(200);
    expect((await opened.request('http://rebound.example:3001/')).status).toBe(421);
  });

  it('refuses to be framed: every answer carries frame-ancestors none and X-Frame-Options DENY', async () => {
    const { app } = previewApp(folders);
    const requests: Array<[string, RequestInit?]> = [
      ['/'],
      ['/week?id=2026-W47'],
      ['/week/2026-W47'],
      ['/week/2026-W47?view=text'],
      ['/week/2026-W47/email.html'],
      ['/week/2026-W47/email.html?scheme=dark'],
      ['/week/2026-W47/email.txt'],
      ['/week/not-a-week'],
      ['/week/2026-W30/email.html'],
      ['/draft/kokoro-82m-vs-elevenlabs-flash'],
      ['/draft/kokoro-82m-vs-elevenlabs-flash/email.html'],
      ['/draft/no-such-thing'],
      ['/assets/preview.css'],
      ['/assets/preview.js'],
      ['/no/such/page'],
      ['/week/2026-W47/test-send', form({ to: 'me@example.com' })],
      ['/week/2026-W47/test-send', form({ to: 'me@example.com' }, { origin: 'https://evil.example' })],
      ['http://rebound.example/'],
    ];
    for (const [path, init] of requests) {
      const response = await app.request(path, init);
      const label = `${init?.method ?? 'GET'} ${path} → ${response.status}`;
      expect(response.headers.get('content-security-policy'), label).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), label).toBe('DENY');
      await response.body?.cancel();
    }
    const events = await app.request('/events');
    expect(events.headers.get('x-frame-options')).toBe('DENY');
    await events.body?.cancel();
  });

  it('serves the stylesheet with the digest palette and the live-reload script', async () => {
    const { app } = previewApp(folders);
    const css = await (await app.request('/assets/preview.css')).text();
    expect(css).toMatch(/^:root\{--bg:#f1eee6;--card:#ffffff;/);
    const js = await app.request('/assets/preview.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain("new EventSource('/events')");
  });
});

describe('live reload events', () => {
  it('streams a ready event, then every published change', async () => {
    const { app, changes } = previewApp(folders);
    const response = await app.request('/events');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const read = async () => decoder.decode((await reader.read()).value);
    expect(await read()).toBe('event: ready\ndata: {}\nretry: 1000\n\n');
    expect(changes.size()).toBe(1);
    changes.publish({ kinds: ['content'], paths: ['content/comparisons/x.md'] });
    expect(await read()).toBe(
      'event: change\ndata: {"kinds":["content"],"paths":["content/comparisons/x.md"]}\n\n',
    );
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changes.size()).toBe(0);
  });
});
