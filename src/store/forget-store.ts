import type { ExpressionBuilder, Kysely } from 'kysely';
import { normalizeEmail } from '../subscribers/email-address.ts';
import type { SqlDialect } from './dialect.ts';
import { eraseCounted } from './engagement/erase-counted.ts';
import { eraseAddress, FORGOTTEN } from './ledger/erase-address.ts';
import { LEDGER_DIALECTS } from './ledger/ledger-store.ts';
import type { Database } from './schema.ts';

/** What stands in for an erased address, so counts and the ledger's shape survive. */
export { FORGOTTEN };

export interface ForgetReport {
  /** The subscriber row's id, when there was one (it is deleted). */
  subscriberId: number | null;
  /** Ledger rows whose address was replaced by the tombstone. */
  deliveries: number;
  /** Ledger rows of a batch being sent right now: kept until it completes (a retry must be identical). */
  inFlight: number;
  /** Webhook events whose recipient and payload were erased. */
  events: number;
  /** Reader votes deleted (the tallies they were counted in stay). */
  votes: number;
}

/**
 * Erases one person (right to erasure): deletes the subscriber row, replaces the address in the delivery
 * ledger with a tombstone, and erases the recipient, the raw payload (which holds the address, the
 * subject and the provider's bounce text), the provider's id and the clicked link of every webhook event
 * about them, the records of who was counted, and their votes. Counts, statuses and vote tallies stay.
 * One transaction. Throws on an invalid address (callers validate with `normalizeEmail` first).
 */
export async function forgetPerson(
  store: { db: Kysely<Database>; dialect: SqlDialect },
  clock: () => Date,
  email: string,
): Promise<ForgetReport> {
  const normalized = normalizeEmail(email);
  if (!normalized.ok) throw new Error(`"${email}" ${normalized.reason}`);
  const address = normalized.email;
  return store.db.transaction().execute(async (trx) => {
    const subscriber = await trx
      .selectFrom('subscribers')
      .select('id')
      .where('email', '=', address)
      .executeTakeFirst();
    const id = subscriber?.id ?? null;
    const ofEvent = (eb: ExpressionBuilder<Database, 'delivery_events'>) =>
      id === null
        ? eb('recipient', '=', address)
        : eb.or([eb('recipient', '=', address), eb('subscriber_id', '=', id)]);
    const ledger = await eraseAddress(
      trx,
      LEDGER_DIALECTS[store.dialect],
      { subscriberId: id, address },
      clock().toISOString(),
    );
    // Events keep their id (a redelivery stays a no-op) and kind, but nothing that leads to the person.
    const events = await trx
      .updateTable('delivery_events')
      .set({
        recipient: FORGOTTEN,
        payload: '{"forgotten":true}',
        subscriber_id: null,
        provider_email_id: null,
        link: null,
      })
      .where(ofEvent)
      .executeTakeFirst();
    if (id !== null) await eraseCounted(trx, id);
    const votes =
      id === null
        ? 0
        : await trx.deleteFrom('reader_votes').where('subscriber_id', '=', id).executeTakeFirst();
    if (id !== null) await trx.deleteFrom('subscribers').where('id', '=', id).execute();
    return {
      subscriberId: id,
      deliveries: ledger.deliveries,
      inFlight: ledger.inFlight,
      events: Number(events.numUpdatedRows),
      votes: typeof votes === 'number' ? votes : Number(votes.numDeletedRows),
    };
  });
}
