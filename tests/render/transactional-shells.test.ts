import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EMAIL_TEMPLATES_DIR,
  type LoadedTransactionalTemplates,
  loadTransactionalTemplates,
  type TransactionalKind,
  type TransactionalModel,
} from '../../src/render/transactional.ts';

const SITE = {
  siteUrl: 'https://verdicts.example.com',
  postalAddress: 'Weekly Verdicts\n100 Example Street\nSpringfield, USA',
};
const HOSTILE_NAME = `<script>alert("x")</script> & 'Ada' = \`co\``;
const HOSTILE_EMAIL = "o'brien+news@example.com";
const CONFIRM_URL = 'https://news.example.com/confirm?token=MTox.abc_-DEF&utm=a=b';
const UNSUBSCRIBE_URL = 'https://news.example.com/unsubscribe?token=NDI.Zm9vYmFyX2Jheg-_';

/** Every model a shell must get right: both kinds, with and without a name, plain and hostile values. */
function models(): Array<[string, TransactionalKind, TransactionalModel]> {
  const confirm = { confirmUrl: CONFIRM_URL, expiresOn: '12 January 2026 at 09:00 (UTC)' };
  const welcome = { unsubscribeUrl: UNSUBSCRIBE_URL };
  const cases: Array<[string, TransactionalKind, TransactionalModel]> = [];
  for (const [kind, links] of [
    ['confirm', confirm],
    ['welcome', welcome],
  ] as const) {
    cases.push(
      [`${kind}, plain, with a name`, kind, { ...SITE, ...links, email: 'ada@example.com', name: 'Ada' }],
      [`${kind}, plain, no name`, kind, { ...SITE, ...links, email: 'ada@example.com' }],
      [`${kind}, empty name`, kind, { ...SITE, ...links, email: 'ada@example.com', name: '' }],
      [`${kind}, null name`, kind, { ...SITE, ...links, email: 'ada@example.com', name: null }],
      [
        `${kind}, hostile, with a name`,
        kind,
        { ...SITE, ...links, email: HOSTILE_EMAIL, name: HOSTILE_NAME },
      ],
      [`${kind}, hostile, no name`, kind, { ...SITE, ...links, email: HOSTILE_EMAIL }],
      [
        `${kind}, non-ASCII and template-looking text`,
        kind,
        { ...SITE, ...links, email: 'zoë@exämple.com', name: 'Zoë 👩‍💻 {{name}} <% x %> \t—' },
      ],
    );
  }
  cases.push(
    [
      'confirm, hostile expiry text and a non-http link',
      'confirm',
      { ...SITE, email: HOSTILE_EMAIL, confirmUrl: 'javascript:alert(1)', expiresOn: `<b>"soon"</b> & '='` },
    ],
    [
      'confirm, with an unsubscribe link too',
      'confirm',
      { ...SITE, ...confirm, ...welcome, email: 'ada@example.com', name: 'Ada' },
    ],
    ['welcome without an unsubscribe link', 'welcome', { ...SITE, email: 'ada@example.com', name: 'Ada' }],
    [
      'other settings: a site with a path and query, a one-line address',
      'welcome',
      {
        siteUrl: 'https://example.org:8443/news/?ref=a&b=c',
        postalAddress: '  PO Box 1 <Main> & Co  ',
        ...welcome,
        email: 'ada@example.com',
      },
    ],
  );
  return cases;
}

describe('transactional emails from pre-rendered shells', () => {
  let templates: LoadedTransactionalTemplates;
  beforeAll(async () => {
    templates = await loadTransactionalTemplates();
  });

  it.each(models())(
    '%s: the same email, byte for byte, as rendering it with MJML',
    async (_, kind, model) => {
      const fast = await templates.render(kind, model);
      const slow = await templates.renderWithMjml(kind, model);
      expect(fast.subject).toBe(slow.subject);
      expect(fast.text).toBe(slow.text);
      expect(fast.html).toBe(slow.html);
    },
  );

  it('escapes what a subscriber typed, in text and in links', async () => {
    const welcome = await templates.render('welcome', {
      ...SITE,
      email: HOSTILE_EMAIL,
      name: HOSTILE_NAME,
      unsubscribeUrl: UNSUBSCRIBE_URL,
    });
    expect(welcome.html).not.toContain('<script>');
    expect(welcome.html).toContain(
      'Thanks, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Ada&#x27; &#x3D; &#x60;co&#x60;.',
    );
    expect(welcome.text).toContain(`Thanks, ${HOSTILE_NAME}.`);
    const email = await templates.render('confirm', {
      ...SITE,
      email: HOSTILE_EMAIL,
      name: HOSTILE_NAME,
      confirmUrl: CONFIRM_URL,
      expiresOn: 'tomorrow',
    });
    // In an href the link keeps its `=` (some link rewriters do not decode &#x3D;); in text it is escaped.
    expect(email.html).toContain('href="https://news.example.com/confirm?token=MTox.abc_-DEF&amp;utm=a=b"');
    expect(email.html).toContain(
      '>https://news.example.com/confirm?token&#x3D;MTox.abc_-DEF&amp;utm&#x3D;a&#x3D;b<',
    );
    expect(email.text).toContain(`\n${CONFIRM_URL}\n`);
  });

  it('puts nothing a signup request carried into the confirmation email: no name, no address', async () => {
    const email = await templates.render('confirm', {
      ...SITE,
      email: HOSTILE_EMAIL,
      name: HOSTILE_NAME,
      confirmUrl: CONFIRM_URL,
      expiresOn: 'tomorrow',
    });
    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toContain('alert(');
      expect(part).not.toContain('Ada');
      expect(part).not.toContain('brien');
    }
    expect(email.text).toContain(
      'Hello,\n\nSomeone, hopefully you, asked for Weekly Verdicts to be sent to this address.',
    );
  });

  it('links only to http(s): anything else becomes "#", as before', async () => {
    const email = await templates.render('confirm', {
      ...SITE,
      email: 'ada@example.com',
      confirmUrl: 'javascript:alert(1)',
      expiresOn: 'tomorrow',
    });
    expect(email.html).not.toContain('href="javascript:');
    expect(email.html.match(/href="#"/g)).toHaveLength(2);
    const welcome = await templates.render('welcome', {
      ...SITE,
      email: 'ada@example.com',
      unsubscribeUrl: 'data:text/html,hi',
    });
    expect(welcome.html).not.toContain('data:text/html');
    expect(welcome.html).toMatch(/<a href="#"[^>]*>Unsubscribe<\/a>/);
  });

  it('gives each email its own values when many render at once', async () => {
    const emails = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        templates.render(i % 2 ? 'confirm' : 'welcome', {
          ...SITE,
          email: `reader${i}@example.com`,
          name: i % 3 ? `Reader ${i}` : undefined,
          confirmUrl: `https://news.example.com/confirm?token=${i}`,
          expiresOn: 'tomorrow',
          unsubscribeUrl: i % 2 ? undefined : `https://news.example.com/unsubscribe?token=${i}`,
        }),
      ),
    );
    emails.forEach((email, i) => {
      if (i % 2) {
        expect(email.html).toContain(`href="https://news.example.com/confirm?token=${i}"`);
        // The confirmation carries nothing from the request: neither the name nor the address.
        expect(email.html).not.toContain(`reader${i}@example.com`);
        expect(email.html).not.toContain(`Reader ${i}`);
      } else {
        expect(email.html).toContain(`href="https://news.example.com/unsubscribe?token=${i}"`);
        expect(email.html.includes(`Reader ${i}`)).toBe(i % 3 !== 0);
      }
    });
  });
});

describe('broken templates never send', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of templates/email with one file edited. */
  async function templatesWith(file: string, edit: (source: string) => string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'wv-email-'));
    await cp(EMAIL_TEMPLATES_DIR, dir, { recursive: true });
    const path = join(dir, file);
    await writeFile(path, edit(await readFile(path, 'utf8')));
    return dir;
  }

  it('refuses to start with MJML that does not validate, naming the file', async () => {
    const broken = await templatesWith('confirm.mjml.hbs', (source) =>
      source.replace('<mj-button ', '<mj-button not-an-attribute="1" '),
    );
    await expect(loadTransactionalTemplates(broken)).rejects.toThrow(
      /^confirm\.mjml\.hbs: .*not-an-attribute/,
    );
  });

  it('rejects the render of a rarer shape whose MJML does not validate, naming the file', async () => {
    // Only reached with an unsubscribe link, which confirmation emails do not normally carry.
    const broken = await templatesWith('confirm.mjml.hbs', (source) =>
      source.replace('</mj-body>', '{{#if unsubscribeUrl}}<mj-bogus />{{/if}}</mj-body>'),
    );
    const templates = await loadTransactionalTemplates(broken);
    const model = { ...SITE, email: 'ada@example.com', confirmUrl: CONFIRM_URL, expiresOn: 'tomorrow' };
    await expect(templates.render('confirm', model)).resolves.toMatchObject({ subject: expect.any(String) });
    await expect(templates.render('confirm', { ...model, unsubscribeUrl: UNSUBSCRIBE_URL })).rejects.toThrow(
      /^confirm\.mjml\.hbs: .*mj-bogus/,
    );
    // Still refused the next time: a failed shape is not remembered as good.
    await expect(templates.render('confirm', { ...model, unsubscribeUrl: UNSUBSCRIBE_URL })).rejects.toThrow(
      /^confirm\.mjml\.hbs: /,
    );
  });

  it('refuses a template where MJML drops a per-email value', async () => {
    // mj-class is consumed by MJML: the name would silently vanish from every email.
    const broken = await templatesWith('welcome.mjml.hbs', (source) =>
      source.replace('<mj-text>{{#if name}}', '<mj-text mj-class="{{name}}">{{#if name}}'),
    );
    await expect(loadTransactionalTemplates(broken)).rejects.toThrow(
      /^welcome\.mjml\.hbs: the placeholder for \{\{name\}\} did not survive MJML unchanged \(written 2 times, found 1\)/,
    );
  });
});
