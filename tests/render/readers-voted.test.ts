import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { prepareEdition } from '../../src/edition/prepare-edition.ts';
import { NO_HISTORY } from '../../src/edition/send-history.ts';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { variantDigest } from '../../src/render/digest-variant.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { personalize } from '../../src/send/personalize.ts';
import { readersVoted } from '../../src/votes/readers-voted.ts';
import type { ComparisonTally } from '../../src/votes/tally.ts';

const config = loadConfig({ PUBLIC_URL: 'https://news.example.com', SECRET: 'readers-voted-secret-0123' });
const NOW = new Date('2026-11-30T12:00:00Z');

/** Both tools' tallies with these names, Cursor's 85 ship / 35 skip, SmolVLM2's 10 / 30. */
function named(a: string, b: string): ComparisonTally['tools'] {
  return [
    { name: a, ship: 85, skip: 35 },
    { name: b, ship: 10, skip: 30 },
  ];
}

function tally(slug: string, a: [number, number], b: [number, number]): ComparisonTally {
  return {
    slug,
    title: `${slug} title`,
    tools: [
      { name: `${slug}-a`, ship: a[0], skip: a[1] },
      { name: `${slug}-b`, ship: b[0], skip: b[1] },
    ],
  };
}

/** The sample week 2026-W48, prepared with these votes on the issue before it. */
function prepareWith(tallies: ComparisonTally[]) {
  const asked: string[] = [];
  const history = {
    ...NO_HISTORY,
    readerVotes: async (week: string) => {
      asked.push(week);
      return tallies;
    },
  };
  return {
    asked,
    prepared: prepareEdition({ files: fileSystemContent, ...config, history }, '2026-W48', NOW),
  };
}

describe('"Readers voted" in the next digest', () => {
  it('shows a comparison once ten readers voted on it, naming the tool readers would rather ship', () => {
    expect(readersVoted([tally('a-vs-b', [5, 4], [0, 0])])).toEqual([]);
    expect(
      readersVoted([
        tally('a-vs-b', [71, 29], [0, 0]),
        tally('c-vs-d', [3, 3], [3, 1]),
        tally('e-vs-f', [1, 1], [5, 5]),
      ]),
    ).toEqual([
      'Readers voted: 71% would ship a-vs-b-a (n = 100)',
      'Readers voted: 75% would ship c-vs-d-b (n = 4)',
      // A tie goes to the tool more readers voted on.
      'Readers voted: 50% would ship e-vs-f-b (n = 10)',
    ]);
  });

  it('is in both parts when a comparison of the last issue had enough votes, the same bytes for the same counts', async () => {
    const votes = [
      {
        ...tally('cursor-background-agents-vs-smolvlm2-2b', [0, 0], [0, 0]),
        tools: named('Cursor', 'SmolVLM2'),
      },
      tally('x-vs-y', [1, 1], [0, 0]),
    ];
    const { asked, prepared } = prepareWith(votes);
    const { rendered, digest } = await prepared;
    expect(asked).toEqual(['2026-W48']);
    expect(digest.readersVoted).toHaveLength(1);
    expect(rendered.text).toMatch(/\n={72}\nReaders voted: 71% would ship Cursor \(n = 120\)\n\n-{72}\n/);
    expect(rendered.html).toContain('>Readers voted: 71% would ship Cursor (n = 120)</td>');
    expect(rendered.html).not.toContain('x-vs-y');
    const again = await prepareWith(votes).prepared;
    expect(again.rendered.html).toBe(rendered.html);
    expect(again.rendered.text).toBe(rendered.text);
    // Every reader's variant (topics) keeps it: it is about last week, not about this week's topics.
    const variant = variantDigest(JSON.parse(JSON.stringify(rendered.source)), [0]);
    expect(variant.comparisons).toHaveLength(1);
    expect(renderDigestText(variant)).toContain('Readers voted: 71% would ship Cursor (n = 120)');
    expect(await renderDigestHtml(variant)).toContain('Readers voted: 71% would ship Cursor (n = 120)');
  });

  it('is absent when no comparison had enough votes, or there is no earlier issue', async () => {
    for (const votes of [[], [tally('a-vs-b', [4, 5], [0, 0])]]) {
      const { rendered } = await prepareWith(votes).prepared;
      expect(rendered.html).not.toMatch(/Readers voted|votes on the last issue/i);
      expect(rendered.text).not.toMatch(/Readers voted|votes on the last issue/i);
    }
  });

  it('keeps a real reader’s copy of the sample week within 40 KB with all five comparisons voted on', async () => {
    const slugs = [
      'cursor-background-agents-vs-smolvlm2-2b',
      'qdrant-cloud-vs-pgvector',
      'browser-use-vs-stagehand',
      'whisper-large-v3-turbo-vs-deepgram-nova-3',
      'llamaindex-vs-haystack',
    ];
    const names = [
      'Cursor Background Agents',
      'Qdrant Cloud',
      'Browser Use',
      'Whisper Large v3 Turbo',
      'LlamaIndex',
    ];
    const votes = slugs.map((slug, i) => ({
      ...tally(slug, [0, 0], [0, 0]),
      tools: [
        { name: names[i]!, ship: 1234, skip: 567 },
        { name: 'the other', ship: 890, skip: 1234 },
      ] as ComparisonTally['tools'],
    }));
    const prepared = await prepareEdition(
      { files: fileSystemContent, ...config, history: { ...NO_HISTORY, readerVotes: async () => votes } },
      '2026-W47',
      NOW,
    );
    const message = personalize(
      prepared.rendered,
      { subscriberId: 123_456, email: 'a.long.reader.address@example.com' },
      {
        from: config.emailFrom,
        publicUrl: config.publicUrl,
        secret: config.secret,
      },
    );
    expect(message.html.match(/Readers voted: 69% would ship [^<]+ \(n = 1,801\)/g)).toHaveLength(5);
    expect(Buffer.byteLength(message.html)).toBeLessThanOrEqual(40 * 1024);
  });
});
