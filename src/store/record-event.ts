import type { Kysely } from 'kysely';
import type { DeliveryEventInput, RecordedEvent } from './delivery-event-store.ts';
import { countClick } from './engagement/engagement-counts.ts';
import { countEvent } from './event-counts.ts';
import { findDelivery } from './ledger/find-delivery.ts';
import { failDelivery, settleUncertain } from './ledger/settle-delivery.ts';
import { type Database, EVENT_KINDS, type EventKind, type SubscriberStatus } from './schema.ts';
import { createSubscriberStore } from './subscriber-store.ts';

/** Events that prove the provider accepted the email: all but a failure and a suppression. */
const ACCEPTED = new Set<EventKind>(EVENT_KINDS.filter((kind) => kind !== 'failed' && kind !== 'suppressed'));

// Complaints outrank bounces; neither ever goes back to active through an event.
const SUPPRESSIBLE: Record<'bounced' | 'complained', SubscriberStatus[]> = {
  bounced: ['pending', 'active', 'unsubscribed'],
  complained: ['pending', 'active', 'unsubscribed', 'bounced'],
};

/** Soft bounces on this many different editions stop the mail to an address, as a hard bounce does. */
export const SOFT_BOUNCE_EDITIONS = 3;

/**
 * Records one event and applies what it means, inside the caller's transaction: a redelivered event
 * (same id) changes nothing, and a crash cannot leave an event recorded but its bounce not applied.
 */
export async function recordEvent(
  trx: Kysely<Database>,
  received: DeliveryEventInput,
  clock: () => Date,
): Promise<RecordedEvent> {
  const listed = received.recipient
    ? await trx
        .selectFrom('subscribers')
        .select('id')
        .where('email', '=', received.recipient)
        .executeTakeFirst()
    : undefined;
  // A digest's event for someone no longer on the list (removed or forgotten) keeps nothing of them.
  const input = listed || !received.weekTag ? received : unattributed(received);
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
      kind: input.kind,
      provider_email_id: input.providerEmailId,
      recipient: input.recipient,
      week,
      subscriber_id: subscriberId,
      created_at: input.createdAt,
      received_at: clock().toISOString(),
      payload: input.payload,
      link: input.link ?? null,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    return { duplicate: true, week, subscriberId, statusChanged: null, settled: false };
  }
  let settled = false;
  if (delivery && input.kind) {
    if (input.providerEmailId && ACCEPTED.has(input.kind))
      settled = await settleUncertain(trx, delivery, input.providerEmailId, clock);
    if (input.kind === 'failed') await failDelivery(trx, delivery, input.detail ?? 'failed', clock);
    await countEvent(trx, { week: delivery.week, kind: input.kind, subscriberId });
    if (input.kind === 'clicked' && input.link)
      await countClick(trx, { week: delivery.week, subscriberId, link: input.link });
  }
  const suppress =
    input.kind === 'soft_bounced' && subscriberId !== null
      ? await softBounceLimit(trx, subscriberId)
      : input.suppress;
  let statusChanged: SubscriberStatus | null = null;
  if (suppress && subscriberId !== null) {
    const changed = await createSubscriberStore(trx, clock).transition(
      subscriberId,
      SUPPRESSIBLE[suppress.status],
      suppress.status,
      suppress.reason,
    );
    statusChanged = changed ? changed.status : null;
  }
  return { duplicate: false, week, subscriberId, statusChanged, settled };
}

function unattributed(event: DeliveryEventInput): DeliveryEventInput {
  return { ...event, recipient: null, providerEmailId: null, link: null, payload: '{"unattributed":true}' };
}

/** A suppression once the subscriber's soft bounces span SOFT_BOUNCE_EDITIONS different editions. */
async function softBounceLimit(trx: Kysely<Database>, subscriberId: number) {
  const editions = await trx
    .selectFrom('delivery_events')
    .select('week')
    .distinct()
    .where('subscriber_id', '=', subscriberId)
    .where('kind', '=', 'soft_bounced')
    .where('week', 'is not', null)
    .orderBy('week')
    .execute();
  if (editions.length < SOFT_BOUNCE_EDITIONS) return undefined;
  const weeks = editions.map((row) => row.week).join(', ');
  return { status: 'bounced' as const, reason: `soft bounces on ${editions.length} editions (${weeks})` };
}
