import { type Kysely, sql } from 'kysely';
import type { Database, EventKind } from './schema.ts';

/**
 * Per-edition event counters, kept as events arrive (one upsert each): how many events of a kind an
 * edition drew and from how many distinct subscribers. What a reputation check reads during a send.
 */
export async function countEvent(
  trx: Kysely<Database>,
  event: { week: string; kind: EventKind; subscriberId: number | null },
): Promise<void> {
  let newSubscriber = 0;
  if (event.subscriberId !== null) {
    const first = await trx
      .insertInto('edition_event_firsts')
      .values({ week: event.week, kind: event.kind, subscriber_id: event.subscriberId })
      .onConflict((oc) => oc.columns(['week', 'kind', 'subscriber_id']).doNothing())
      .executeTakeFirst();
    newSubscriber = Number(first.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
  }
  await trx
    .insertInto('edition_event_counts')
    .values({ week: event.week, kind: event.kind, events: 1, subscribers: newSubscriber })
    .onConflict((oc) =>
      oc.columns(['week', 'kind']).doUpdateSet({
        events: sql`edition_event_counts.events + 1`,
        subscribers: sql`edition_event_counts.subscribers + ${newSubscriber}`,
      }),
    )
    .execute();
}

/** An edition's counters by kind: distinct subscribers and events (zero for a kind never seen). */
export async function editionEventCounts(
  db: Kysely<Database>,
  week: string,
): Promise<Partial<Record<EventKind, { events: number; subscribers: number }>>> {
  const rows = await db
    .selectFrom('edition_event_counts')
    .select(['kind', 'events', 'subscribers'])
    .where('week', '=', week)
    .execute();
  return Object.fromEntries(
    rows.map((row) => [row.kind, { events: Number(row.events), subscribers: Number(row.subscribers) }]),
  );
}
