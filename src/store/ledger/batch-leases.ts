import { sql } from 'kysely';
import { inMs, type LedgerContext, nowIso } from './ledger-context.ts';
import type { BatchRow } from './ledger-types.ts';

/**
 * Who is sending which frozen batch: a sender holds a batch under a lease that expires, so a dead
 * sender's batch is taken over (with the same membership and idempotency key) by another.
 */
export function batchLeases(ctx: LedgerContext) {
  const { db, dialect } = ctx;
  return {
    /**
     * Takes over a batch that was frozen but never finished (a crash, a killed sender, a lease that ran
     * out), so it is re-sent with the same membership and key.
     */
    async claimFrozenBatch(week: string, owner: string, leaseMs: number): Promise<BatchRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const at = nowIso(ctx);
        const batch = await dialect
          .locked(
            trx
              .selectFrom('batches')
              .selectAll()
              .where('week', '=', week)
              .where('status', '=', 'frozen')
              .where((eb) =>
                eb.or([
                  eb('lease_expires_at', 'is', null),
                  eb('lease_expires_at', '<', at),
                  eb('lease_owner', '=', owner),
                ]),
              )
              .orderBy('batch_no')
              .limit(1),
            { skipLocked: true },
          )
          .executeTakeFirst();
        if (!batch) return undefined;
        const expires = inMs(ctx, leaseMs);
        await trx
          .updateTable('batches')
          .set({ lease_owner: owner, lease_expires_at: expires })
          .where('week', '=', week)
          .where('batch_no', '=', batch.batch_no)
          .execute();
        return { ...batch, lease_owner: owner, lease_expires_at: expires };
      });
    },

    /** Counts an attempt before the request goes out, and keeps the lease alive. */
    async recordAttempt(week: string, batchNo: number, owner: string, leaseMs: number): Promise<void> {
      await sql`update batches set attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ${nowIso(ctx)}),
        lease_owner = ${owner}, lease_expires_at = ${inMs(ctx, leaseMs)}
        where week = ${week} and batch_no = ${batchNo}`.execute(ctx.relaxed);
    },

    /**
     * Gives a batch back without an outcome (SIGTERM, a provider that stays down, a run that stops with
     * batches frozen ahead). `unsent`: an attempt was counted for it ahead of time but its request never
     * left, so it is taken back (or a resume a day later would find it "beyond the idempotency window").
     */
    async releaseBatch(week: string, batchNo: number, owner: string, unsent = false): Promise<void> {
      await db
        .updateTable('batches')
        .set((eb) => ({
          lease_owner: null,
          lease_expires_at: null,
          ...(unsent
            ? {
                attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
                first_attempt_at: eb
                  .case()
                  .when('attempts', '<=', 1)
                  .then(null)
                  .else(eb.ref('first_attempt_at'))
                  .end(),
              }
            : {}),
        }))
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .where('lease_owner', '=', owner)
        .execute();
    },

    /** Unfinished batches of the edition and the earliest moment one of their leases runs out. */
    async openBatches(week: string): Promise<{ count: number; nextLeaseExpiry: string | null }> {
      const row = await db
        .selectFrom('batches')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('lease_expires_at').as('next')])
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .executeTakeFirst();
      return {
        count: Number(row?.n ?? 0),
        nextLeaseExpiry: (row?.next as string | null | undefined) ?? null,
      };
    },

    /** Senders holding leases on this edition's unfinished batches. */
    async leaseHolders(week: string): Promise<string[]> {
      const rows = await db
        .selectFrom('batches')
        .select('lease_owner')
        .distinct()
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .where('lease_owner', 'is not', null)
        .execute();
      return rows.map((row) => row.lease_owner).filter((owner): owner is string => owner !== null);
    },

    /** Frees every batch a sender held, e.g. one known to be dead, so it is taken over at once. */
    async releaseLeasesOf(week: string, owner: string): Promise<number> {
      const result = await db
        .updateTable('batches')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
