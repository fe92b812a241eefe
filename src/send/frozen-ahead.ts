import type { FrozenBatch } from '../store/ledger/ledger-store.ts';
import type { BatchJob } from './send-batch.ts';
import type { SendRun } from './send-run.ts';

/**
 * The batches a lane froze ahead of sending them (one commit for several), under its lease. The first
 * attempt of the head batch may already be on record: counted in the commit that froze it, or in the one
 * that completed the batch before it, so a request never leaves without its attempt on record.
 */
export function createFrozenAhead(run: SendRun, owner: string) {
  const { ledger, clock } = run.deps;
  const queue: FrozenBatch[] = [];
  let headRecorded = false;
  return {
    get size() {
      return queue.length;
    },

    /** Freezes the next batches of the edition; the first one's attempt is counted in the same commit. */
    async freeze(): Promise<void> {
      const frozen = await ledger.freezeBatches(run.week, {
        size: run.limits.batchSize,
        maxBatches: run.limits.freezeAhead,
        owner,
        leaseMs: run.limits.leaseMs,
        firstAttemptNow: true,
        plan: run.plan,
      });
      queue.push(...frozen);
      headRecorded = frozen.length > 0;
    },

    /** True when the head's lease runs out soon (a slow provider): claim it again through the ledger. */
    stale(): boolean {
      const head = queue[0];
      if (!head) return false;
      return Date.parse(head.batch.lease_expires_at ?? '') - clock().getTime() < run.limits.leaseMs / 2;
    },

    take(): BatchJob | undefined {
      const head = queue.shift();
      if (!head) return undefined;
      const job = { ...head, attemptRecorded: headRecorded };
      headRecorded = false;
      return job;
    },

    /** The batch whose first attempt the next completion may count: sent next, unless the run stops. */
    next(): FrozenBatch | undefined {
      return run.stopping() ? undefined : queue[0];
    },

    /** The completion of the batch before counted the head's first attempt. */
    headCounted(): void {
      const head = queue[0];
      if (!head) return;
      head.batch = {
        ...head.batch,
        attempts: head.batch.attempts + 1,
        first_attempt_at: head.batch.first_attempt_at ?? clock().toISOString(),
        lease_expires_at: new Date(clock().getTime() + run.limits.leaseMs).toISOString(),
      };
      headRecorded = true;
    },

    /** Gives back every batch not sent; an attempt counted for the head was never made, so it is taken back. */
    async release(): Promise<void> {
      for (const [index, left] of queue.entries())
        await ledger.releaseBatch(run.week, left.batch.batch_no, owner, index === 0 && headRecorded);
      queue.length = 0;
      headRecorded = false;
    },
  };
}

export type FrozenAhead = ReturnType<typeof createFrozenAhead>;
