import type { Kysely } from 'kysely';
import { recordEvent } from './record-event.ts';
import type { Database, EventKind, SubscriberStatus } from './schema.ts';

export { SOFT_BOUNCE_EDITIONS } from './record-event.ts';

/** One provider webhook event, parsed. */
export interface DeliveryEventInput {
  eventId: string;
  type: string;
  providerEmailId: string | null;
  /** Normalized when it is a valid address. */
  recipient: string | null;
  /** The `week` tag a digest carries; finds the delivery without a provider id. */
  weekTag: string | null;
  createdAt: string;
  payload: string;
  /** What the event means in our terms; null for an event we only record. */
  kind: EventKind | null;
  /** The provider's words: a bounce's type and message, a failure's reason, a suppression's. */
  detail: string | null;
  /** The link a click names (`data.click.link`); absent or null for other events. */
  link?: string | null | undefined;
  /** Never mail this address again, and why. */
  suppress?: { status: 'bounced' | 'complained'; reason: string } | undefined;
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

/** At most this many events are written in one transaction (a burst backlog is taken in groups).  */
const GROUP_LIMIT = 200;

interface Pending {
  input: DeliveryEventInput;
  resolve: (recorded: RecordedEvent) => void;
  reject: (error: unknown) => void;
}

/**
 * Delivery events against the ledger and the list, recorded once per event id. Events that arrive while
 * a write is in progress wait and are then written together, in one transaction (group commit): a burst
 * after a send costs one commit per group instead of one per event. Each caller is answered only once its
 * event is committed; if a group fails, its events are retried one by one, so one bad event fails alone.
 */
export function createDeliveryEventStore(db: Kysely<Database>, clock: () => Date) {
  const queue: Pending[] = [];
  let writing = false;
  const writeOne = (item: Pending) =>
    db
      .transaction()
      .execute((trx) => recordEvent(trx, item.input, clock))
      .then(item.resolve, item.reject);
  const drain = async () => {
    while (queue.length > 0) {
      const group = queue.splice(0, GROUP_LIMIT);
      if (group.length === 1) {
        await writeOne(group[0]!);
        continue;
      }
      try {
        const recorded = await db.transaction().execute(async (trx) => {
          const out: RecordedEvent[] = [];
          for (const item of group) out.push(await recordEvent(trx, item.input, clock));
          return out;
        });
        for (const [i, item] of group.entries()) item.resolve(recorded[i]!);
      } catch {
        for (const item of group) await writeOne(item);
      }
    }
    writing = false;
  };
  return {
    /** Records the event and applies what it means (see recordEvent), once it is committed. */
    record(input: DeliveryEventInput): Promise<RecordedEvent> {
      return new Promise((resolve, reject) => {
        queue.push({ input, resolve, reject });
        // Started on the next turn of the event loop: the requests read in this turn join the group (an
        // embedded database answers synchronously, so without the wait every group would be of one).
        if (!writing) {
          writing = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}

export type DeliveryEventStore = ReturnType<typeof createDeliveryEventStore>;
