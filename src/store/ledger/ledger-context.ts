import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { LedgerDialect } from './ledger-dialect.ts';

/** What every part of the ledger works with: the database, its dialect's statements, and the clock. */
export interface LedgerContext {
  db: Kysely<Database>;
  /** Writes a crash may lose without harm: a batch's completion, an attempt's count. */
  relaxed: Kysely<Database>;
  dialect: LedgerDialect;
  clock: () => Date;
}

export const nowIso = (ctx: LedgerContext) => ctx.clock().toISOString();

export const inMs = (ctx: LedgerContext, ms: number) => new Date(ctx.clock().getTime() + ms).toISOString();
