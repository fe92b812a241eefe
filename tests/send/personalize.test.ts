import { describe, expect, it } from 'vitest';
import {
  RECIPIENT_EMAIL_PLACEHOLDER as EMAIL,
  UNSUBSCRIBE_URL_PLACEHOLDER as LINK,
} from '../../src/render/placeholders.ts';
import { personalize, type RenderedEdition } from '../../src/send/personalize.ts';
import { unsubscribeUrl } from '../../src/subscribers/tokens.ts';
import { settings } from '../helpers/send-fixtures.ts';

const edition: RenderedEdition = {
  week: '2026-W48',
  subject: 'Subject',
  preheader: 'Preheader',
  html: `<p>Hi ${EMAIL}</p><a href="${LINK}">Unsubscribe</a><footer>${EMAIL} · <a href="${LINK}">leave</a></footer>`,
  text: `Hi ${EMAIL}\nUnsubscribe: ${LINK}\n`,
};

describe('personalize', () => {
  it('fills every placeholder, escaping for HTML but not in the text part', () => {
    const message = personalize(edition, { subscriberId: 42, email: "o'neil&co@example.com" }, settings);
    const link = unsubscribeUrl(settings.publicUrl, settings.secret, 42);
    expect(message.html).toBe(
      `<p>Hi o&#x27;neil&amp;co@example.com</p><a href="${link}">Unsubscribe</a><footer>o&#x27;neil&amp;co@example.com · <a href="${link}">leave</a></footer>`,
    );
    expect(message.text).toBe(`Hi o'neil&co@example.com\nUnsubscribe: ${link}\n`);
    expect(message.headers['List-Unsubscribe']).toBe(`<${link}>`);
  });

  it('is byte-identical for the same inputs, so a retry repeats the same payload', () => {
    const a = personalize(edition, { subscriberId: 7, email: 'a@example.com' }, settings);
    const b = personalize({ ...edition }, { subscriberId: 7, email: 'a@example.com' }, settings);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('adds the mailto alternative to List-Unsubscribe when configured', () => {
    const message = personalize(
      edition,
      { subscriberId: 1, email: 'a@example.com' },
      {
        ...settings,
        unsubscribeMailto: 'leave@example.com',
      },
    );
    expect(message.headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/.+>, <mailto:leave@example\.com\?subject=unsubscribe>$/,
    );
    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });
});
