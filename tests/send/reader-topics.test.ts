import { afterEach, describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { type PreparedEdition, prepareEdition } from '../../src/edition/prepare-edition.ts';
import type { Digest } from '../../src/render/digest-model.ts';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { createResendTransport } from '../../src/send/resend-transport.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ResendDouble } from '../helpers/resend-double.ts';
import { deps, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const API_KEY = 're_topics';
const WEEK = '2026-W47';
/** The sample week's comparisons, by the topic of their tools. */
const TITLES = {
  'developer-tools': 'Cursor Background Agents vs SmolVLM2-2B',
  'rag-vector-databases': 'Qdrant Cloud vs pgvector',
  'browser-agents': 'Browser Use vs Stagehand',
  speech: 'Whisper Large v3 Turbo vs Deepgram Nova-3',
  'rag-frameworks': 'LlamaIndex vs Haystack',
};

let prepared: PreparedEdition | undefined;
async function sampleWeek(): Promise<PreparedEdition> {
  prepared ??= await prepareEdition(
    {
      files: fileSystemContent,
      contentDir: 'content',
      issuesDir: 'issues',
      siteUrl: 'https://verdicts.example.com',
      publicUrl: settings.publicUrl,
      postalAddress: 'Weekly Verdicts, 1 Example Street, Springfield',
      timezone: 'UTC',
    },
    WEEK,
    new Date('2026-11-30T09:00:00Z'),
  );
  return prepared;
}

/** Readers follow topics and pause: each gets only what they follow, rendered once per distinct set. */
describe.each(DIALECTS)('a week sent to readers who choose, on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  let double: ResendDouble | undefined;
  afterEach(async () => {
    await store?.close();
    await double?.stop();
    store = undefined;
    double = undefined;
  });

  it('sends each reader the comparisons of the topics they follow, and skips the paused and the unmatched', async () => {
    store = await storeWithSubscribers(dialect, 250);
    const week = await sampleWeek();
    const prefer = async (index: number, topics: string[] | null, pausedUntil: string | null = null) => {
      const subscriber = await store!.subscribers.findByEmail(store!.emails[index]!);
      await store!.subscribers.setPreferences(subscriber!.id, { topics, pausedUntil });
    };
    await prefer(0, ['speech']);
    await prefer(1, ['rag-frameworks', 'developer-tools']);
    await prefer(2, ['image-generation']); // nothing of it this week
    await prefer(3, null, '2026-12-14T00:00:00.000Z'); // away
    await prefer(4, Object.keys(TITLES)); // everything this week holds
    for (let i = 150; i < 250; i++) await prefer(i, ['speech']);

    double = new ResendDouble({ apiKey: API_KEY });
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl: await double.start() });
    // The answer to the batch holding readers 101–200 is lost: its retry must repeat the request byte for
    // byte (the double answers 409 to the same key with another body), variants included.
    double.inject({ kind: 'delay', ms: 0 }, { kind: 'drop-after-accept' });
    const renders: Digest[] = [];
    const renderDigest = async (digest: Digest) => {
      renders.push(digest);
      return { html: await renderDigestHtml(digest), text: renderDigestText(digest) };
    };
    const report = await sendEdition(deps(store, transport, { renderDigest }), week.rendered, {
      settings,
      workerId: 'w1',
    });
    expect(report).toMatchObject({ sent: 248, skipped: 2, complete: true });
    expect(double.duplicates()).toEqual([]);
    // Two distinct sets besides the whole week: rendered once each, however many readers share them.
    expect(renders.map((digest) => digest.comparisons.map((c) => c.slug))).toEqual([
      ['whisper-large-v3-turbo-vs-deepgram-nova-3'],
      ['cursor-background-agents-vs-smolvlm2-2b', 'llamaindex-vs-haystack'],
    ]);

    const to = (index: number) => double!.accepted.filter((email) => email.to === store!.emails[index]);
    // A comparison's card, as the text part writes it: its title, then its page (an intro may mention
    // other comparisons in passing).
    const titlesIn = (index: number) =>
      Object.values(TITLES).filter((title) =>
        to(index)[0]!.text.includes(`${title}\nhttps://verdicts.example.com/compare/`),
      );
    expect(titlesIn(0)).toEqual([TITLES.speech]);
    expect(to(0)[0]!.subject).toBe('1 verdict: Whisper Large v3 Turbo vs Deepgram Nova-3');
    expect(to(0)[0]!.text).toContain('1 comparison this week');
    expect(to(0)[0]!.html).toContain(TITLES.speech);
    expect(to(0)[0]!.html).not.toContain('Qdrant');
    // A topic copy says it is one and how to reach the rest; the whole week says nothing of the kind.
    expect(to(0)[0]!.text).toContain("Your topics: 1 of this week's 5 comparisons.");
    expect(to(0)[0]!.text).toMatch(/Change topics: https:\/\/[^\s]+\/preferences\?token=/);
    expect(to(0)[0]!.html).toContain('Your topics: 1 of this week’s 5 comparisons.');
    expect(to(4)[0]!.html).not.toContain('Your topics');
    expect(to(4)[0]!.text).not.toContain('Your topics');
    expect(titlesIn(1)).toEqual([TITLES['developer-tools'], TITLES['rag-frameworks']]);
    expect(to(1)[0]!.subject).toBe('2 verdicts: Cursor Background Agents vs SmolVLM2-2B and more');
    expect(to(2)).toEqual([]);
    expect(to(3)).toEqual([]);
    expect(titlesIn(4)).toEqual(Object.values(TITLES));
    expect(titlesIn(5)).toEqual(Object.values(TITLES));
    expect(titlesIn(200)).toEqual([TITLES.speech]);
    // The featured comparison stays first for whoever gets it.
    expect(to(1)[0]!.html.indexOf(TITLES['developer-tools'])).toBeLessThan(
      to(1)[0]!.html.indexOf(TITLES['rag-frameworks']),
    );
    const skips = await store.ledger.skipReasons(WEEK);
    expect(skips).toEqual({ paused: 1, 'no-matching-topics': 1 });
  });

  it('re-sends a batch left in flight with each member’s variant as frozen, byte for byte', async () => {
    store = await storeWithSubscribers(dialect, 300);
    const week = await sampleWeek();
    for (const [i, email] of store.emails.entries()) {
      const topics = [null, ['speech'], ['developer-tools', 'rag-frameworks']][i % 3];
      if (topics)
        await store.subscribers.setPreferences((await store.subscribers.findByEmail(email))!.id, {
          topics,
          pausedUntil: null,
        });
    }
    double = new ResendDouble({ apiKey: API_KEY });
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl: await double.start() });
    const renderDigest = async (digest: Digest) => ({
      html: await renderDigestHtml(digest),
      text: renderDigestText(digest),
    });
    // The second batch is taken but its answer lost, and the sender gives up on it (as a crash would).
    double.inject({ kind: 'delay', ms: 0 }, { kind: 'drop-after-accept' });
    const stopped = await sendEdition(deps(store, transport, { renderDigest }), week.rendered, {
      settings,
      workerId: 'w1',
      maxServerErrors: 1,
    });
    expect(stopped).toMatchObject({ sent: 100, complete: false });
    // Another sender resumes it: the provider answers from memory only if the request is the same.
    const resumed = await sendEdition(deps(store, transport, { renderDigest }), week.rendered, {
      settings,
      workerId: 'w2',
    });
    expect(resumed).toMatchObject({ complete: true, failed: 0 });
    expect(resumed.stoppedBecause).toBeUndefined();
    expect(double.duplicates()).toEqual([]);
    expect(double.missing(store.emails)).toEqual([]);
    const reader = double.accepted.find((email) => email.to === store!.emails[100])!;
    expect(reader.subject).toBe('1 verdict: Whisper Large v3 Turbo vs Deepgram Nova-3');
  });

  it('takes a change of preferences this week until the reader’s batch is frozen, and next week after', async () => {
    store = await storeWithSubscribers(dialect, 30);
    const week = await sampleWeek();
    const current = store;
    const id = async (index: number) => (await current.subscribers.findByEmail(current.emails[index]!))!.id;
    double = new ResendDouble({ apiKey: API_KEY });
    const resend = createResendTransport({ apiKey: API_KEY, baseUrl: await double.start() });
    let requests = 0;
    const changing = {
      ...resend,
      async sendBatch(...args: Parameters<typeof resend.sendBatch>) {
        // While the first batch (readers 1–10) is being sent, reader 5 and reader 25 choose speech only.
        if (requests++ === 0) {
          for (const index of [4, 24])
            await current.subscribers.setPreferences(await id(index), {
              topics: ['speech'],
              pausedUntil: null,
            });
        }
        return resend.sendBatch(...args);
      },
    };
    const renderDigest = async (digest: Digest) => ({
      html: await renderDigestHtml(digest),
      text: renderDigestText(digest),
    });
    const report = await sendEdition(deps(store, changing, { renderDigest }), week.rendered, {
      settings,
      workerId: 'w1',
      batchSize: 10,
      freezeAhead: 1,
    });
    expect(report).toMatchObject({ sent: 30, complete: true });
    const subjectOf = (index: number) =>
      double!.accepted.find((e) => e.to === current.emails[index])!.subject;
    expect(subjectOf(4)).toBe(week.rendered.subject); // frozen before the change: sent as frozen
    expect(subjectOf(24)).toBe('1 verdict: Whisper Large v3 Turbo vs Deepgram Nova-3');
  });
});
