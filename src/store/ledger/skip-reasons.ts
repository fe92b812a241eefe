/** Why a delivery was skipped, as the ledger records it (`deliveries.error` of a skipped row). */
export const SKIPPED = {
  /** No longer subscribed when their batch was frozen. */
  unsubscribed: 'unsubscribed',
  /** Paused the digest (preferences page, `subscribers prefs --pause-weeks`). */
  paused: 'paused',
  /** Follows topics this week's comparisons are not in. */
  noMatchingTopics: 'no-matching-topics',
  /** Asked to be forgotten before their batch was frozen. */
  forgotten: 'forgotten',
} as const;

const LABELS: Record<string, string> = {
  [SKIPPED.unsubscribed]: 'unsubscribed before their batch',
  [SKIPPED.paused]: 'paused',
  [SKIPPED.noMatchingTopics]: 'no matching topics',
  [SKIPPED.forgotten]: 'forgotten',
};

/** "paused 2, no matching topics 5" for a report; reasons recorded by older versions are shown as they are. */
export function describeSkips(skips: Record<string, number>): string {
  return Object.entries(skips)
    .map(([reason, count]) => `${LABELS[reason] ?? reason} ${count}`)
    .join(', ');
}
