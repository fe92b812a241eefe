import { editionEventCounts } from '../store/event-counts.ts';
import { createLedgerStore, type LedgerDatabase } from '../store/ledger/ledger-store.ts';
import { type EditionHealth, findHold, type Hold, type HoldThresholds } from './hold.ts';

/**
 * Whether sending `week` must wait: the complaint and hard-bounce rates of the last edition sent before
 * it and of `week` itself (when it has started), from the ledger and the webhook events' counters.
 * A few indexed reads, cheap enough to repeat while a week is being sent.
 */
export function createHoldCheck(store: LedgerDatabase, thresholds: HoldThresholds, clock: () => Date) {
  const ledger = createLedgerStore(store, clock);

  async function health(week: string): Promise<EditionHealth> {
    const [counts, events] = await Promise.all([ledger.counts(week), editionEventCounts(store.db, week)]);
    return {
      week,
      sent: counts.sent,
      delivered: events.delivered?.subscribers ?? 0,
      complaints: events.complained?.subscribers ?? 0,
      hardBounces: events.bounced?.subscribers ?? 0,
    };
  }

  return {
    async check(week: string): Promise<Hold | undefined> {
      const current = await ledger.getEdition(week);
      const previous = await store.db
        .selectFrom('editions')
        .select('week')
        .where('week', '<>', week)
        .$if(current !== undefined, (query) => query.where('created_at', '<=', current!.created_at))
        .orderBy('created_at', 'desc')
        .orderBy('week', 'desc')
        .limit(1)
        .executeTakeFirst();
      const weeks = [previous?.week, current?.week].filter((w): w is string => w !== undefined);
      return findHold(await Promise.all(weeks.map(health)), thresholds);
    },
  };
}

export type HoldCheck = ReturnType<typeof createHoldCheck>;
