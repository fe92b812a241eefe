import { shownFacts } from '../../src/render/shown-facts.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import type { StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';
import { seededRandom } from './seeded-random.ts';

/** The sample digest as the week `week` would store it when its first send starts. */
export function sampleEdition(week: string) {
  const digest = { ...sampleDigest, week };
  return {
    week,
    subject: `${digest.subject} (${week})`,
    preheader: digest.preheader,
    html: '<p>h</p>',
    text: 't',
    facts: shownFacts(digest),
    source: {
      digest,
      subjectTemplate: 's',
      preheaderTemplate: 'p',
      topics: digest.comparisons.map(() => []),
    },
  };
}

/**
 * Sent editions (2026-W40 onwards) to `readers` readers, with provider events drawn from a seeded
 * generator: most delivered, some opened, fewer clicked (more often on the first comparisons).
 */
export async function seedEngagement(handle: StoreHandle, options: { editions: number; readers: number }) {
  let now = new Date('2026-10-01T09:00:00Z');
  const clock = () => now;
  const random = seededRandom(14);
  const subscribers = createSubscriberStore(handle.db, clock);
  const ids: number[] = [];
  for (let i = 0; i < options.readers; i++)
    ids.push(
      (await subscribers.add({ email: `reader${i}@example.com`, status: 'active', source: 'cli' })).subscriber
        .id,
    );
  const ledger = createLedgerStore(handle, clock);
  const events = createDeliveryEventStore(handle.db, clock);
  let sequence = 0;
  for (let e = 0; e < options.editions; e++) {
    const week = `2026-W${String(40 + e).padStart(2, '0')}`;
    const edition = sampleEdition(week);
    await ledger.startEdition(edition);
    const frozen = await ledger.freezeNextBatch(week, 100_000, 'seed', 60_000);
    if (!frozen) continue;
    await ledger.completeBatch(
      week,
      1,
      frozen.recipients.map((m) => ({
        subscriberId: m.subscriberId,
        outcome: { ok: true, providerId: `re_${week}_${m.subscriberId}` },
      })),
    );
    const record = (
      type: string,
      kind: 'delivered' | 'opened' | 'clicked' | 'soft_bounced',
      i: number,
      link?: string,
    ) =>
      events.record({
        eventId: `seed_${++sequence}`,
        type,
        providerEmailId: `re_${week}_${ids[i]}`,
        recipient: `reader${i}@example.com`,
        weekTag: week,
        createdAt: now.toISOString(),
        payload: '{}',
        kind,
        detail: null,
        link: link ?? null,
      });
    const openRate = 0.35 + 0.25 * random.next();
    for (let i = 0; i < ids.length; i++) {
      if (random.chance(0.04)) {
        await record('email.bounced', 'soft_bounced', i);
        continue;
      }
      await record('email.delivered', 'delivered', i);
      if (!random.chance(openRate)) continue;
      await record('email.opened', 'opened', i);
      for (const [position, comparison] of edition.source.digest.comparisons.entries()) {
        if (!random.chance(0.3 / (position + 1))) continue;
        const tool = random.pick(comparison.tools);
        const link = random.chance(0.5)
          ? `${comparison.url}?utm_source=weekly-verdicts`
          : (tool.url ?? comparison.url);
        await record('email.clicked', 'clicked', i, link);
      }
    }
    now = new Date(now.getTime() + 7 * 86_400_000);
  }
}
