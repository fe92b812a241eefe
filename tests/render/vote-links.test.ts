import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { deliverTestCopy } from '../../src/edition/test-copy.ts';
import { webCopy } from '../../src/edition/web-copy.ts';
import { personalize } from '../../src/send/personalize.ts';
import type { OutgoingMessage, Transport } from '../../src/send/transport.ts';
import { verifyVoteToken } from '../../src/subscribers/tokens.ts';

const config = loadConfig({ PUBLIC_URL: 'https://news.example.com', SECRET: 'vote-links-secret-0123456789' });
const settings = {
  from: config.emailFrom,
  publicUrl: config.publicUrl,
  secret: config.secret,
};
const VOTE_LINK =
  /https:\/\/news\.example\.com\/vote\?c=([a-z0-9-]+)&(?:amp;)?t=([01])&(?:amp;)?v=(ship|skip)&(?:amp;)?token=([^"\s<&]+)/g;

async function sampleWeek() {
  return prepareEdition(
    { files: fileSystemContent, ...config },
    '2026-W47',
    new Date('2026-11-27T12:00:00Z'),
  );
}

function links(body: string) {
  return [...body.matchAll(VOTE_LINK)].map(([, slug, tool, choice, token]) => ({
    slug,
    tool,
    choice,
    token,
  }));
}

describe('vote links in the digest', () => {
  it("gives every tool Ship it and Skip it, in both parts, with the reader's own token", async () => {
    const prepared = await sampleWeek();
    const message = personalize(
      prepared.rendered,
      { subscriberId: 7, email: 'reader@example.com' },
      settings,
    );
    const expected = prepared.assembled.comparisons.flatMap((comparison) =>
      [0, 1].flatMap((tool) => ['ship', 'skip'].map((choice) => `${comparison.slug}/${tool}/${choice}`)),
    );
    for (const body of [message.html, message.text]) {
      const found = links(body);
      expect(found.map((link) => `${link.slug}/${link.tool}/${link.choice}`)).toEqual(expected);
      expect(new Set(found.map((link) => link.token)).size).toBe(1);
      expect(verifyVoteToken(config.secret, found[0]!.token!)).toEqual({ subscriberId: 7, edition: 202647 });
    }
    expect((message.html.match(/>Ship it</g) ?? []).length).toBe(10);
    expect((message.html.match(/>Skip it</g) ?? []).length).toBe(10);
  });

  it('keeps a real reader’s copy of the sample week within 40 KB of HTML', async () => {
    const prepared = await sampleWeek();
    const message = personalize(
      prepared.rendered,
      { subscriberId: 123_456, email: 'a.rather.long.reader.address@example.com' },
      settings,
    );
    expect(Buffer.byteLength(message.html)).toBeLessThanOrEqual(40 * 1024);
  });

  it('leaves the vote links out of the web copy, and gives a test copy only links the vote page refuses', async () => {
    const prepared = await sampleWeek();
    const web = webCopy(prepared.rendered, config.publicUrl);
    const sent: OutgoingMessage[] = [];
    const transport: Transport = {
      name: 'recording',
      maxBatchSize: 100,
      async sendBatch(messages) {
        sent.push(...messages);
        return { kind: 'accepted', outcomes: messages.map(() => ({ ok: true as const, providerId: 'p1' })) };
      },
    };
    const recipient = { subscriberId: 7, email: 'editor@example.com' };
    await deliverTestCopy(
      transport,
      prepared.rendered,
      recipient,
      settings,
      new Date('2026-11-27T12:00:00Z'),
    );
    for (const body of [web.html, web.text]) {
      expect(links(body)).toEqual([]);
      expect(body).not.toMatch(/Ship it|Skip it|\/vote\?/);
    }
    expect(web.html).toContain('Read the full comparison');
    expect(web.text).toContain('Panel ship');
    for (const body of [sent[0]!.html, sent[0]!.text]) {
      const found = links(body);
      expect(found).toHaveLength(20);
      expect(found.every((link) => verifyVoteToken(config.secret, link.token!) === undefined)).toBe(true);
    }
  });
});
