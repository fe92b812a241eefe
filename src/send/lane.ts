import { createFrozenAhead } from './frozen-ahead.ts';
import { type BatchJob, sendBatch } from './send-batch.ts';
import type { SendRun } from './send-run.ts';

type NextStep = { job: BatchJob } | { wait: () => Promise<void> } | 'done';

/**
 * One lane of a run: batches one after another until none is left. Batches left in flight (by a crash,
 * a dead sender, a lease that ran out) are re-sent first, with the same members and key; then the lane
 * freezes its own, a few ahead. With nothing left to freeze it waits for the batches others hold, so a
 * run that ends normally leaves the edition complete.
 */
export async function runLane(run: SendRun, owner: string): Promise<void> {
  const { ledger, clock } = run.deps;
  const ahead = createFrozenAhead(run, owner);
  // Others' unfinished batches are looked for at the start and whenever something may have changed,
  // not before every batch (a query saved per batch).
  let lookForFrozen = true;

  async function nextStep(): Promise<NextStep> {
    // A reputation hold stops the run before another batch is taken (frozen ahead ones are given back).
    if (!(await run.holdAllows())) return 'done';
    if (ahead.size === 0 && lookForFrozen) {
      const claimed = await ledger.claimFrozenBatch(run.week, owner, run.limits.leaseMs);
      if (claimed) {
        const recipients = await ledger.batchRecipients(run.week, claimed.batch_no);
        return { job: { batch: claimed, recipients, attemptRecorded: false } };
      }
      lookForFrozen = false;
    }
    if (ahead.size === 0) await ahead.freeze();
    if (ahead.stale()) {
      await ahead.release();
      return { wait: async () => {} };
    }
    const job = ahead.take();
    if (job) return { job };
    // Another lane of this run is sending: it may stop and leave its batch for us.
    if (run.lanes.busy > 0) return { wait: () => run.lanes.nextChange() };
    const open = await ledger.openBatches(run.week);
    if (open.count === 0) return 'done';
    const untilExpiry = open.nextLeaseExpiry ? Date.parse(open.nextLeaseExpiry) - clock().getTime() : 0;
    return { wait: () => run.deps.sleep(Math.min(Math.max(untilExpiry, 50), run.limits.pollMs)) };
  }

  try {
    while (!run.stopping()) {
      const step = await nextStep();
      if (step === 'done') break;
      if ('wait' in step) {
        await step.wait();
        lookForFrozen = true;
        continue;
      }
      if (!(await run.lanes.sending(() => sendBatch(run, owner, step.job, ahead)))) break;
    }
  } finally {
    await ahead.release();
    run.lanes.changed();
  }
}
