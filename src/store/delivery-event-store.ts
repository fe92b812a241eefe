import type { Kysely } from 'kysely';
import { findDelivery } from './ledger/find-delivery.ts';
import { settleUncertain } from './ledger/settle-delivery.ts';
import type { Database, SubscriberStatus } from './schema.ts';
import { createSubscriberStore } from './subscriber-store.ts';

/** One provider webhook event, parsed. */
export interface DeliveryEventInput {
  eventId: string;
  type: string;
  providerEmailId: string | null;
  /** Normalized when it is a valid address. */
  recipient: string | null;
  /** The `week` tag a digest carries; finds the ledger row when the provider id is not recorded. */
  weekTag: string | null;
  createdAt: string;
  payload: string;
  /** What the event means for the subscriber: never mail this address again. */
  suppress?: 'bounced' | 'complained' | undefined;
}

export interface RecordedEvent {
  /** The event id was seen before: nothing was changed. */
  duplicate: boolean;
  week: string | null;
  subscriberId: number | null;
  /** The subscriber's new status, when the event changed it. */
  statusChanged: SubscriberStatus | null;
  /** A delivery the ledger had as `uncertain` is now known to be `sent`. */
  settled: boolean;
}

/** Events that prove the provider accepted the email. */
const ACCEPTED = new Set([
  'email.sent',
  'email.delivered',
  'email.delivery_delayed',
  'email.bounced',
  'email.complained',
  'email.opened',
  'email.clicked',
]);

// Complaints outrank bounces; neither ever goes back to active through an event.
const SUPPRESSIBLE: Record<'bounced' | 'complained', SubscriberStatus[]> = {
  bounced: ['pending', 'active', 'unsubscribed'],
  complained: ['pending', 'active', 'unsubscribed', 'bounced'],
};

/** Delivery events against the ledger and the list, recorded once per event id. */
export function createDeliveryEventStore(db: Kysely<Database>, clock: () => Date) {
  return {
    /**
     * Records the event and applies what it means, in one transaction: a redelivered event (same id)
     * changes nothing, and a crash cannot leave an event recorded but its bounce not applied.
     */
    async record(input: DeliveryEventInput): Promise<RecordedEvent> {
      return db.transaction().execute(async (trx) => {
        const listed = input.recipient
          ? await trx
              .selectFrom('subscribers')
              .select('id')
              .where('email', '=', input.recipient)
              .executeTakeFirst()
          : undefined;
        const delivery = listed
          ? await findDelivery(trx, {
              subscriberId: listed.id,
              weekTag: input.weekTag,
              providerId: input.providerEmailId,
            })
          : undefined;
        const subscriberId = listed?.id ?? null;
        const week = delivery?.week ?? null;

        const inserted = await trx
          .insertInto('delivery_events')
          .values({
            event_id: input.eventId,
            type: input.type,
            provider_email_id: input.providerEmailId,
            recipient: input.recipient,
            week,
            subscriber_id: subscriberId,
            created_at: input.createdAt,
            received_at: clock().toISOString(),
            payload: input.payload,
          })
          .onConflict((oc) => oc.column('event_id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          return { duplicate: true, week, subscriberId, statusChanged: null, settled: false };
        }

        let settled = false;
        if (delivery && input.providerEmailId && ACCEPTED.has(input.type)) {
          settled = await settleUncertain(trx, delivery, input.providerEmailId, clock);
        }

        let statusChanged: SubscriberStatus | null = null;
        if (input.suppress && subscriberId !== null) {
          const changed = await createSubscriberStore(trx, clock).transition(
            subscriberId,
            SUPPRESSIBLE[input.suppress],
            input.suppress,
          );
          statusChanged = changed ? changed.status : null;
        }
        return { duplicate: false, week, subscriberId, statusChanged, settled };
      });
    },
  };
}

export type DeliveryEventStore = ReturnType<typeof createDeliveryEventStore>;
