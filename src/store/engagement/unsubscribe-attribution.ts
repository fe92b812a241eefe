import type { Kysely } from 'kysely';
import { recentEditions } from '../ledger/find-delivery.ts';
import { deliveryStatus } from '../ledger/ledger-counts.ts';
import type { Database } from '../schema.ts';
import { countEngagement } from './engagement-counts.ts';

/**
 * The newest edition the provider accepted for this subscriber (point lookups, newest first), or
 * undefined when none of the recent ones reached them.
 */
export async function lastEditionReceived(
  db: Kysely<Database>,
  subscriberId: number,
): Promise<string | undefined> {
  for (const week of await recentEditions(db)) {
    if ((await deliveryStatus(db, week, subscriberId)) === 'sent') return week;
  }
  return undefined;
}

/** An unsubscribe counts against the last edition the person received (none: not counted). */
export async function countUnsubscribe(db: Kysely<Database>, subscriberId: number): Promise<void> {
  const week = await lastEditionReceived(db, subscriberId);
  if (week) await countEngagement(db, { week, kind: 'unsubscribed', target: '', subscriberId });
}
