import { inMs, type LedgerContext, nowIso } from './ledger-context.ts';
import type { DeliveryResult } from './ledger-types.ts';

/** What became of a batch's request: accepted (per member), still failing, or unknown for good. */
export function batchOutcomes(ctx: LedgerContext) {
  const { db, relaxed, dialect } = ctx;
  return {
    /**
     * Records the provider's answer for every member of an accepted batch. `nextAttempt` counts the first
     * attempt of the batch this sender sends next in the same write (one write per batch, still on record
     * before that request leaves). True when this call completed the batch, false when another sender
     * that took it over had already (both saw the provider accept it, under one key).
     */
    async completeBatch(
      week: string,
      batchNo: number,
      results: readonly DeliveryResult[],
      nextAttempt?: { batchNo: number; owner: string; leaseMs: number },
    ): Promise<boolean> {
      const accepted: string[] = [];
      const rejected: { subscriberId: number; error: string }[] = [];
      for (const { subscriberId, outcome } of results) {
        // Built as text: one JSON object per batch, cheaper than JSON.stringify of a built object.
        if (outcome.ok) accepted.push(`"${subscriberId}":${JSON.stringify(outcome.providerId)}`);
        else rejected.push({ subscriberId, error: outcome.error.slice(0, 500) });
      }
      return dialect.completeBatch(relaxed, {
        week,
        batchNo,
        providerIds: accepted.length > 0 ? `{${accepted.join(',')}}` : null,
        rejected,
        lastError: rejected.length > 0 ? `${rejected.length} rejected by the provider` : null,
        at: nowIso(ctx),
        nextAttempt: nextAttempt && {
          batchNo: nextAttempt.batchNo,
          owner: nextAttempt.owner,
          leaseExpiresAt: inMs(ctx, nextAttempt.leaseMs),
        },
      });
    },

    /** Why the last attempt failed, for the operator (the batch stays frozen and is retried). */
    async recordRetry(week: string, batchNo: number, reason: string): Promise<void> {
      await db
        .updateTable('batches')
        .set({ last_error: reason.slice(0, 500) })
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .execute();
    },

    /**
     * The batch's idempotency window passed with no known outcome: its members are `uncertain` until a
     * delivery webhook settles them or an operator decides.
     */
    async markBatchUncertain(week: string, batchNo: number, reason: string): Promise<void> {
      await db
        .updateTable('batches')
        .set({
          status: 'uncertain',
          last_error: reason.slice(0, 500),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .where('status', '=', 'frozen')
        .execute();
    },
  };
}
