import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { confirmationLink } from './signup.ts';
import type { TransactionalMailer } from './transactional-mailer.ts';

/** A quota resets at the earliest a day after it ran out; looking every hour finds that soon enough. */
export const CONFIRMATION_RETRY_MS = 60 * 60_000;
const PER_RUN = 20;

export interface DeferredConfirmationDeps {
  db: Kysely<Database>;
  mailer: Pick<TransactionalMailer, 'sendConfirmation'>;
  clock: () => Date;
  secret: string;
  publicUrl: string;
}

/**
 * Confirmation emails the provider's quota refused: the signup is kept (pending) with a time to try
 * again, and `verdicts serve` sends them when their time comes, each with a fresh link. Stored in the
 * database, so a restart loses none.
 */
export function deferredConfirmations(deps: DeferredConfirmationDeps) {
  const later = () => new Date(deps.clock().getTime() + CONFIRMATION_RETRY_MS).toISOString();
  return {
    /** Keeps the pending signup and its email for later. */
    async defer(subscriberId: number): Promise<void> {
      await deps.db
        .updateTable('subscribers')
        .set({ confirm_retry_at: later() })
        .where('id', '=', subscriberId)
        .execute();
    },

    /** Sends the confirmations whose time has come; returns how many went out. */
    async sendDue(): Promise<{ sent: number; deferred: number; dropped: number }> {
      const due = await deps.db
        .selectFrom('subscribers')
        .select(['id', 'email', 'name', 'status'])
        .where('confirm_retry_at', 'is not', null)
        .where('confirm_retry_at', '<=', deps.clock().toISOString())
        .orderBy('confirm_retry_at')
        .limit(PER_RUN)
        .execute();
      const result = { sent: 0, deferred: 0, dropped: 0 };
      for (const subscriber of due) {
        // Confirmed, unsubscribed or suppressed meanwhile: nothing to send.
        if (subscriber.status !== 'pending') {
          await clear(subscriber.id);
          result.dropped++;
          continue;
        }
        const mail = await deps.mailer.sendConfirmation(subscriber, confirmationLink(deps, subscriber.id));
        if (!mail.ok && mail.quota) {
          await this.defer(subscriber.id);
          result.deferred++;
          // The quota is still used up: the others wait for the next run too.
          await deps.db
            .updateTable('subscribers')
            .set({ confirm_retry_at: later() })
            .where('confirm_retry_at', '<=', deps.clock().toISOString())
            .execute();
          break;
        }
        await clear(subscriber.id);
        if (mail.ok) result.sent++;
        else result.dropped++;
      }
      return result;
    },
  };

  async function clear(id: number) {
    await deps.db.updateTable('subscribers').set({ confirm_retry_at: null }).where('id', '=', id).execute();
  }
}

export type DeferredConfirmations = ReturnType<typeof deferredConfirmations>;
