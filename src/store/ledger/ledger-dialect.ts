import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { BatchCompletion, QueuedDelivery } from './ledger-types.ts';

/** A query that can take row locks (Kysely's select builder). */
export interface Lockable<Q> {
  forUpdate(): Q;
  skipLocked(): Q;
}

/**
 * The ledger statements whose best SQL differs between SQLite and PostgreSQL. The shared ledger code
 * (ledger-store.ts) holds the logic and the statements both write the same way; it never asks which
 * database it is on.
 */
export interface LedgerDialect {
  /** After the audience snapshot: fresh planner statistics, where the database keeps them. */
  analyzeSnapshot(db: Kysely<Database>): Promise<void>;

  /**
   * Locks the rows a read returns until the transaction ends, where senders meet: two senders (or a
   * sender and `forget`) never change the same part of the snapshot at once, and with `skipLocked`
   * concurrent claimers each get a different batch.
   */
  locked<Q extends Lockable<Q>>(query: Q, options?: { skipLocked?: boolean }): Q;

  /** The next `limit` queued deliveries after subscriber `after`, in subscriber order, with their status. */
  nextQueued(
    trx: Transaction<Database>,
    week: string,
    after: number,
    limit: number,
  ): Promise<QueuedDelivery[]>;

  /** Marks these deliveries skipped, with the reason. */
  skip(
    trx: Transaction<Database>,
    week: string,
    ids: readonly number[],
    reason: string,
    at: string,
  ): Promise<void>;

  /**
   * Records an accepted batch in one atomic write: the batch is sent, accepted emails' provider ids are
   * kept, rejected deliveries are failed with the provider's reason, and the next batch's first attempt
   * is counted. Durability may be relaxed: a lost completion only means the batch is sent again under its
   * idempotency key, which the provider answers from memory. True when this call completed the batch;
   * false when another sender (which took it over) had already.
   */
  completeBatch(db: Kysely<Database>, completion: BatchCompletion): Promise<boolean>;
}
