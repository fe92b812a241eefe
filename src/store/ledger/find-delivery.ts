import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** How far back an event naming only a provider id is looked for: the subscriber's recent editions. */
const RECENT_EDITIONS = 12;

export interface DeliveryRef {
  week: string;
  subscriberId: number;
}

/**
 * The batch a subscriber's delivery belongs to, if frozen: the last batch starting at or before them.
 * `withIds: false` leaves out the batch's provider ids (a hundred of them), for callers that need its status.
 */
export async function coveringBatch(
  db: Kysely<Database>,
  week: string,
  subscriberId: number,
  withIds = true,
) {
  const batch = await db
    .selectFrom('batches')
    .select(['batch_no', 'status', 'last_subscriber_id'])
    .$if(withIds, (query) => query.select('provider_ids'))
    .where('week', '=', week)
    .where('first_subscriber_id', '<=', subscriberId)
    .orderBy('first_subscriber_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return batch && Number(batch.last_subscriber_id) >= subscriberId ? batch : undefined;
}

/** The provider's id of a delivery's email, when the provider accepted it. */
export async function providerIdOf(db: Kysely<Database>, ref: DeliveryRef): Promise<string | undefined> {
  const batch = await coveringBatch(db, ref.week, ref.subscriberId);
  if (!batch?.provider_ids) return undefined;
  const ids = JSON.parse(batch.provider_ids) as Record<string, string>;
  return ids[String(ref.subscriberId)];
}

/**
 * The digest delivery a provider event is about, for a subscriber on the list: the delivery of the week
 * the digest's `week` tag names, else the one among their recent editions whose email had this provider
 * id. Provider ids live on batch rows (one write per batch), so they are matched, not looked up by index.
 */
export async function findDelivery(
  db: Kysely<Database>,
  event: { subscriberId: number; weekTag: string | null; providerId: string | null },
): Promise<DeliveryRef | undefined> {
  const { subscriberId } = event;
  const inLedger = (week: string) =>
    db
      .selectFrom('deliveries')
      .select('week')
      .where('week', '=', week)
      .where('subscriber_id', '=', subscriberId)
      .executeTakeFirst();
  if (event.weekTag && (await inLedger(event.weekTag))) return { week: event.weekTag, subscriberId };
  if (!event.providerId) return undefined;
  for (const week of await recentEditions(db)) {
    if ((await providerIdOf(db, { week, subscriberId })) === event.providerId) return { week, subscriberId };
  }
  return undefined;
}

/** The weeks of the last RECENT_EDITIONS editions, newest first: where a reader's event or act belongs. */
export async function recentEditions(db: Kysely<Database>): Promise<string[]> {
  const editions = await db
    .selectFrom('editions')
    .select('week')
    .orderBy('week', 'desc')
    .limit(RECENT_EDITIONS)
    .execute();
  return editions.map(({ week }) => week);
}
