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
  // How many a finished earlier edition sent does not move while this one is sent, and counting it reads
  // its every batch (~10 ms at 10,000 on PostgreSQL): counted once per check object.
  const sentBefore = new Map<string, number>();

  async function sentOf(week: string, current: boolean): Promise<number> {
    if (current) return (await ledger.counts(week)).sent;
    let sent = sentBefore.get(week);
    if (sent === undefined) {
      const counts = await ledger.counts(week);
      sent = counts.sent;
      // Only a finished edition: one another process is still sending is counted again next time.
      if (counts.queued + counts.batched === 0) sentBefore.set(week, sent);
    }
    return sent;
  }

  async function health(week: string, current: boolean): Promise<EditionHealth> {
    const [sent, events] = await Promise.all([sentOf(week, current), editionEventCounts(store.db, week)]);
    return {
      week,
      sent,
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
      const editions = await Promise.all([
        ...(previous ? [health(previous.week, false)] : []),
        ...(current ? [health(current.week, true)] : []),
      ]);
      return findHold(editions, thresholds);
    },
  };
}

export type HoldCheck = ReturnType<typeof createHoldCheck>;
