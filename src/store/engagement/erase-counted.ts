import type { Kysely } from 'kysely';
import { type Database, EVENT_KINDS } from '../schema.ts';

/**
 * Forgets who was counted, per edition the person was in: the engagement and event counters stay as
 * they are (an edition's figures do not change), but nothing ties them to the person any more. Key
 * lookups only: both tables are keyed by week first.
 */
export async function eraseCounted(trx: Kysely<Database>, subscriberId: number): Promise<void> {
  const weeks = await trx
    .selectFrom('editions')
    .select('week')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('deliveries')
          .select('deliveries.week')
          .whereRef('deliveries.week', '=', 'editions.week')
          .where('deliveries.subscriber_id', '=', subscriberId),
      ),
    )
    .execute();
  for (const { week } of weeks) {
    await trx
      .deleteFrom('edition_engagement_firsts')
      .where('week', '=', week)
      .where('subscriber_id', '=', subscriberId)
      .execute();
    await trx
      .deleteFrom('edition_event_firsts')
      .where('week', '=', week)
      .where('kind', 'in', [...EVENT_KINDS])
      .where('subscriber_id', '=', subscriberId)
      .execute();
  }
}
