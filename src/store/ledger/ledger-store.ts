import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { batchLeases } from './batch-leases.ts';
import { batchOutcomes } from './batch-outcomes.ts';
import { editionRecords } from './edition-records.ts';
import { editionVariants } from './edition-variants.ts';
import { batchFreezer } from './freeze-batches.ts';
import { ledgerReads } from './ledger-counts.ts';
import type { LedgerDialect } from './ledger-dialect.ts';
import { postgresLedger } from './postgres-ledger.ts';
import { sqliteLedger } from './sqlite-ledger.ts';

export const LEDGER_DIALECTS: Record<SqlDialect, LedgerDialect> = {
  sqlite: sqliteLedger,
  postgres: postgresLedger,
};

/** The database the ledger lives in (an open StoreHandle has all three). */
export interface LedgerDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Where writes a crash may lose without harm go (see StoreHandle); `db` when absent. */
  relaxed?: Kysely<Database> | undefined;
}

/**
 * The delivery ledger (DELIVERY.md): an edition's audience snapshot, batches frozen before their first
 * request, and each delivery's outcome. Every method is one transaction, so a crash between any two calls
 * leaves a state that `send` resumes from.
 */
export function createLedgerStore(store: LedgerDatabase, clock: () => Date) {
  const ctx = {
    db: store.db,
    relaxed: store.relaxed ?? store.db,
    dialect: LEDGER_DIALECTS[store.dialect],
    clock,
  };
  return {
    ...editionRecords(ctx),
    ...batchFreezer(ctx),
    ...batchLeases(ctx),
    ...batchOutcomes(ctx),
    ...ledgerReads(ctx),
    ...editionVariants(ctx),
  };
}

export type LedgerStore = ReturnType<typeof createLedgerStore>;
export type {
  BatchRow,
  DeliveryResult,
  EditionRow,
  FrozenBatch,
  Member,
  MemberPlan,
  NewEdition,
  QueuedDelivery,
} from './ledger-types.ts';
