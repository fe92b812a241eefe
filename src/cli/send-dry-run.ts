import type { RenderedEdition } from '../send/personalize.ts';
import { planFor } from '../send/reader-plan.ts';
import type { LedgerStore } from '../store/ledger/ledger-store.ts';
import { describeSkips } from '../store/ledger/skip-reasons.ts';
import type { SubscriberStore } from '../store/subscriber-store.ts';

/**
 * What `send --dry-run` says it would do. Before the week starts, each active subscriber's plan is worked
 * out as the freeze would today (paused, no matching topics, or a copy); once started, the ledger's counts
 * say what is left, and skips among those still queued are decided as their batches are frozen.
 */
export async function describeDryRun(
  rendered: RenderedEdition,
  ledger: LedgerStore,
  subscribers: SubscriberStore,
  now: Date,
): Promise<string> {
  const edition = await ledger.getEdition(rendered.week);
  if (edition) {
    const counts = await ledger.counts(rendered.week);
    const skipped = counts.skipped > 0 ? `, skipped ${counts.skipped}` : '';
    return `audience ${edition.audience}, would send up to ${counts.queued + counts.batched}, already sent ${counts.sent}${skipped}`;
  }
  let audience = 0;
  const skips: Record<string, number> = {};
  for await (const subscriber of subscribers.stream()) {
    if (subscriber.status !== 'active') continue;
    audience++;
    const plan = planFor(
      rendered.source,
      {
        subscriberId: subscriber.id,
        email: subscriber.email,
        active: true,
        topics: subscriber.topics,
        pausedUntil: subscriber.paused_until,
      },
      now,
    );
    if ('skip' in plan) skips[plan.skip] = (skips[plan.skip] ?? 0) + 1;
  }
  const skipped = Object.values(skips).reduce((sum, n) => sum + n, 0);
  return `audience ${audience}, would send ${audience - skipped}${skipped > 0 ? ` (would skip ${describeSkips(skips)})` : ''}`;
}
