import { describe, expect, it } from 'vitest';
import {
  RECIPIENT_EMAIL_PLACEHOLDER as EMAIL,
  UNSUBSCRIBE_URL_PLACEHOLDER as LINK,
  VOTE_TOKEN_PLACEHOLDER as VOTE,
} from '../../src/render/placeholders.ts';
import { personalize, type RenderedEdition } from '../../src/send/personalize.ts';
import { unsubscribeUrl, verifyVoteToken } from '../../src/subscribers/tokens.ts';
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

  it("puts the recipient's vote token for the week in every vote link, the same in both parts", () => {
    const votes: RenderedEdition = {
      ...edition,
      html: `<a href="https://n.example/vote?c=a-vs-b&amp;t=0&amp;v=ship&amp;token=${VOTE}">Ship it</a><a href="https://n.example/vote?c=a-vs-b&amp;t=1&amp;v=skip&amp;token=${VOTE}">Skip it</a>`,
      text: `Ship it: https://n.example/vote?c=a-vs-b&t=0&v=ship&token=${VOTE}\n`,
    };
    const message = personalize(votes, { subscriberId: 42, email: 'a@example.com' }, settings);
    const tokens = [...`${message.html}${message.text}`.matchAll(/token=([^"\s&]+)/g)].map((m) => m[1]!);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
    expect(verifyVoteToken(settings.secret, tokens[0]!)).toEqual({ subscriberId: 42, edition: 202648 });
    const other = personalize(votes, { subscriberId: 43, email: 'b@example.com' }, settings);
    expect(other.text).not.toBe(message.text);
  });
});
