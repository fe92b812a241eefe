import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { deliveryStatus } from './ledger-counts.ts';
import type { LedgerDialect } from './ledger-dialect.ts';
import { SKIPPED } from './skip-reasons.ts';

export const FORGOTTEN = 'forgotten';

/**
 * The ledger's part of forgetting a person, inside the caller's transaction: the address becomes a
 * tombstone everywhere but in a batch being sent right now (a retry must repeat its request exactly), and
 * deliveries not yet frozen are skipped. Counts and statuses stay.
 */
export async function eraseAddress(
  trx: Kysely<Database>,
  dialect: LedgerDialect,
  person: { subscriberId: number | null; address: string },
  at: string,
): Promise<{ deliveries: number; inFlight: number }> {
  const { subscriberId, address } = person;
  const rows = await trx
    .selectFrom('deliveries')
    .select(['week', 'subscriber_id', 'status', 'email'])
    .where((eb) =>
      subscriberId === null
        ? eb('email', '=', address)
        : eb.or([eb('email', '=', address), eb('subscriber_id', '=', subscriberId)]),
    )
    .execute();
  let deliveries = 0;
  let inFlight = 0;
  for (const row of rows) {
    const week = row.week;
    const id = Number(row.subscriber_id);
    // Locked: a sender freezing this edition now would otherwise take the row into a batch meanwhile.
    const progress = await dialect
      .locked(trx.selectFrom('editions').select('frozen_through').where('week', '=', week))
      .executeTakeFirst();
    const frozen = progress !== undefined && id <= Number(progress.frozen_through);
    if (row.status === 'queued' && frozen && (await deliveryStatus(trx, week, id)) === 'batched') {
      inFlight++;
      continue;
    }
    const skip = row.status === 'queued' && !frozen;
    if (row.email === FORGOTTEN && !skip) continue;
    await trx
      .updateTable('deliveries')
      .set({
        email: FORGOTTEN,
        ...(skip ? { status: 'skipped' as const, error: SKIPPED.forgotten, updated_at: at } : {}),
      })
      .where('week', '=', week)
      .where('subscriber_id', '=', id)
      .execute();
    if (row.email !== FORGOTTEN) deliveries++;
  }
  return { deliveries, inFlight };
}
