import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { coveringBatch, type DeliveryRef } from './find-delivery.ts';
import { deliveryStatus } from './ledger-counts.ts';

/**
 * A delivery the ledger had as `uncertain` (its batch's idempotency window passed with no answer) is
 * proven sent by a provider event: it gets an outcome of its own, and its provider id joins its batch's.
 * Returns whether it was settled. Runs inside the caller's transaction.
 */
export async function settleUncertain(
  trx: Kysely<Database>,
  ref: DeliveryRef,
  providerId: string,
  clock: () => Date,
): Promise<boolean> {
  // Only a batch is ever uncertain, and most editions have none: one probe of the (week, status) index
  // answers for every event of such an edition, without looking up the delivery's batch.
  const anyUncertain = await trx
    .selectFrom('batches')
    .select('batch_no')
    .where('week', '=', ref.week)
    .where('status', '=', 'uncertain')
    .limit(1)
    .executeTakeFirst();
  if (!anyUncertain) return false;
  if ((await deliveryStatus(trx, ref.week, ref.subscriberId)) !== 'uncertain') return false;
  await trx
    .updateTable('deliveries')
    .set({ status: 'sent', error: null, updated_at: clock().toISOString() })
    .where('week', '=', ref.week)
    .where('subscriber_id', '=', ref.subscriberId)
    .execute();
  const batch = await coveringBatch(trx, ref.week, ref.subscriberId);
  if (batch) {
    const ids = batch.provider_ids ? (JSON.parse(batch.provider_ids) as Record<string, string>) : {};
    ids[String(ref.subscriberId)] = providerId;
    await trx
      .updateTable('batches')
      .set({ provider_ids: JSON.stringify(ids) })
      .where('week', '=', ref.week)
      .where('batch_no', '=', batch.batch_no)
      .execute();
  }
  return true;
}

/**
 * The provider says an email it had accepted could not be sent after all (`email.failed`): the delivery
 * is failed, with the provider's reason. Runs inside the caller's transaction.
 */
export async function failDelivery(
  trx: Kysely<Database>,
  ref: DeliveryRef,
  reason: string,
  clock: () => Date,
): Promise<void> {
  await trx
    .updateTable('deliveries')
    .set({ status: 'failed', error: reason.slice(0, 500), updated_at: clock().toISOString() })
    .where('week', '=', ref.week)
    .where('subscriber_id', '=', ref.subscriberId)
    .where('status', '<>', 'skipped')
    .execute();
}
