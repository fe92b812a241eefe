import type { VariantSource } from '../render/digest-variant.ts';
import type { MemberPlan, QueuedDelivery } from '../store/ledger/ledger-store.ts';
import { SKIPPED } from '../store/ledger/skip-reasons.ts';
import { followedTopics, isPaused } from '../subscribers/preferences.ts';

/**
 * What one reader gets of the week, decided when their batch is frozen, from what they want then:
 * nothing while paused; the comparisons of the topics they follow (a variant, by positions in digest
 * order); nothing when none matches; the whole week when they follow everything or everything matches.
 */
export function planFor(source: VariantSource | undefined, delivery: QueuedDelivery, now: Date): MemberPlan {
  if (isPaused({ paused_until: delivery.pausedUntil }, now)) return { skip: SKIPPED.paused };
  const followed = followedTopics({ topics: delivery.topics });
  if (!source || !followed) return { segment: null };
  const positions = source.topics.flatMap((topics, position) =>
    topics.some((topic) => followed.includes(topic)) ? [position] : [],
  );
  if (positions.length === 0) return { skip: SKIPPED.noMatchingTopics };
  return positions.length === source.topics.length ? { segment: null } : { segment: positions.join(',') };
}
