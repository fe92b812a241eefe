import { describe, expect, it } from 'vitest';
import { loadTransactionalTemplates } from '../../src/render/transactional.ts';

const base = {
  email: 'ada@example.com',
  siteUrl: 'https://verdicts.example.com',
  postalAddress: 'Weekly Verdicts\n100 Example Street\nSpringfield, USA',
};

describe('transactional emails (MJML + Handlebars)', () => {
  it('renders the confirmation email: no name or address from the request, the link in both parts, no web fonts', async () => {
    const templates = await loadTransactionalTemplates();
    const url = 'https://news.example.com/confirm?token=MTox.abc_-DEF';
    const email = await templates.render('confirm', {
      ...base,
      name: '<b>Ada</b> & co',
      confirmUrl: url,
      expiresOn: '12 January 2026 at 09:00 (UTC)',
    });
    expect(email.subject).toBe('Confirm your subscription to Weekly Verdicts');
    expect(email.html).toContain(`href="${url}"`);
    expect(email.html).not.toContain('Ada');
    expect(email.html).not.toContain('ada@example.com');
    expect(email.html).not.toContain('fonts.googleapis.com');
    expect(email.html).toContain('Weekly Verdicts, 100 Example Street, Springfield, USA');
    expect(email.text).not.toContain('Ada');
    expect(email.text).not.toContain('ada@example.com');
    expect(email.text).toContain('Hello,\n');
    expect(email.text).toContain(`\n${url}\n`);
    expect(email.text).toContain('The link works until 12 January 2026 at 09:00 (UTC).');
    expect(Buffer.byteLength(email.html)).toBeLessThan(30_000);
  });

  it('renders the welcome email with the unsubscribe link, and refuses a non-http link', async () => {
    const templates = await loadTransactionalTemplates();
    const email = await templates.render('welcome', {
      ...base,
      unsubscribeUrl: 'https://news.example.com/unsubscribe?token=a.b',
    });
    expect(email.subject).toBe('Welcome to Weekly Verdicts');
    expect(email.html).toContain('href="https://news.example.com/unsubscribe?token=a.b"');
    expect(email.text).toContain(
      'Unsubscribe with one click: https://news.example.com/unsubscribe?token=a.b',
    );
    const hostile = await templates.render('welcome', { ...base, unsubscribeUrl: 'javascript:alert(1)' });
    expect(hostile.html).not.toContain('javascript:');
  });
});
