import type { BatchRow, Member } from '../store/ledger/ledger-store.ts';
import type { FrozenAhead } from './frozen-ahead.ts';
import { personalize } from './personalize.ts';
import { createRetries } from './retries.ts';
import type { SendRun } from './send-run.ts';
import type { BatchOutcome } from './transport.ts';

/** A frozen batch, ready to send. */
export interface BatchJob {
  batch: BatchRow;
  recipients: Member[];
  /** Its next attempt is already on record (counted ahead by the ledger). */
  attemptRecorded: boolean;
}

/**
 * One batch (DELIVERY.md §3–5): the same request, under one idempotency key, until the provider answers
 * for it. Accepted: every member's outcome is recorded. Still failing, or refused: the run stops and the
 * batch is given back, resumable. First tried longer ago than the provider keeps keys: `uncertain`, never
 * sent blindly; the window is checked before every attempt. Returns whether the lane may go on.
 */
export async function sendBatch(
  run: SendRun,
  owner: string,
  job: BatchJob,
  ahead: FrozenAhead,
): Promise<boolean> {
  const { ledger, transport, clock, pacer } = run.deps;
  const { batch, recipients } = job;
  const batchNo = batch.batch_no;
  // Each member's variant of the week, as frozen with the batch: rendered once, then kept.
  const editions = await Promise.all(recipients.map((member) => run.variants.of(member.segment)));
  const messages = recipients.map((member, index) => personalize(editions[index]!, member, run.settings));
  const idempotencyKey = `${run.keyPrefix}/${batchNo}`;
  const retries = createRetries(run.limits, run.deps.random, () => run.stopping());
  let attempt = batch.attempts;
  let firstAttemptAt = batch.first_attempt_at;
  let attemptRecorded = job.attemptRecorded;
  for (;;) {
    if (firstAttemptAt && clock().getTime() - Date.parse(firstAttemptAt) > run.limits.windowMs) {
      const reason = `first attempted ${firstAttemptAt}, beyond the provider's idempotency window: check delivery events before re-sending`;
      await ledger.markBatchUncertain(run.week, batchNo, reason);
      run.deps.onEvent?.({ type: 'uncertain', batchNo, reason });
      return true;
    }
    if (!attemptRecorded) {
      await ledger.recordAttempt(run.week, batchNo, owner, run.limits.leaseMs);
      attempt++;
      firstAttemptAt ??= clock().toISOString();
    }
    attemptRecorded = false;
    // Paced as close to the wire as the transport allows: inside it, after serialization, when it offers.
    const lateWire = pacer !== undefined && transport.pacesBeforeWire === true;
    if (pacer && !lateWire) await pacer.beforeRequest();
    const outcome: BatchOutcome = await transport.sendBatch(messages, {
      idempotencyKey,
      ...(lateWire ? { beforeWire: () => pacer.beforeRequest() } : {}),
    });
    const throttled =
      (outcome.kind === 'retry' && outcome.retryAfterMs !== undefined) || outcome.kind === 'quota';
    pacer?.afterResponse(outcome.kind === 'fatal' ? undefined : outcome.rateLimit, throttled);
    if (outcome.kind === 'accepted') {
      await recordAccepted(run, owner, job, outcome.outcomes, ahead, attempt);
      return true;
    }
    if (outcome.kind === 'unaccounted') {
      await ledger.markBatchUncertain(run.week, batchNo, outcome.reason);
      run.deps.onEvent?.({ type: 'uncertain', batchNo, reason: outcome.reason });
      return true;
    }
    if (outcome.kind === 'quota') {
      // Nothing of it was taken: the attempt is taken back, so a resume after the quota resets (days
      // later, for a monthly one) sends it as new rather than finding it past the idempotency window.
      run.stop(outcome.reason, { kind: 'quota', quota: outcome.quota });
      await ledger.releaseBatch(run.week, batchNo, owner, true);
      return false;
    }
    if (outcome.kind === 'retry') await ledger.recordRetry(run.week, batchNo, outcome.reason);
    const decision = retries.after(outcome, batchNo, attempt);
    if (!decision.retry) {
      run.stop(decision.stop);
      await ledger.releaseBatch(run.week, batchNo, owner);
      return false;
    }
    run.deps.onEvent?.({
      type: 'retry',
      batchNo,
      attempt,
      reason: outcome.reason,
      delayMs: decision.delayMs,
    });
    await run.deps.sleep(decision.delayMs);
  }
}

/** Every member's outcome, and the first attempt of the batch this lane sends next, in one write. */
async function recordAccepted(
  run: SendRun,
  owner: string,
  job: BatchJob,
  outcomes: Extract<BatchOutcome, { kind: 'accepted' }>['outcomes'],
  ahead: FrozenAhead,
  attempt: number,
): Promise<void> {
  const next = ahead.next();
  const completed = await run.deps.ledger.completeBatch(
    run.week,
    job.batch.batch_no,
    job.recipients.map((recipient, index) => ({
      subscriberId: recipient.subscriberId,
      outcome: outcomes[index] ?? { ok: false, error: 'the provider returned no result for this message' },
    })),
    next ? { batchNo: next.batch.batch_no, owner, leaseMs: run.limits.leaseMs } : undefined,
  );
  if (next) ahead.headCounted();
  // Taken over and completed by another sender meanwhile: its run counts these emails, not this one.
  if (!completed) return;
  const failed = job.recipients.filter((_, index) => outcomes[index]?.ok !== true).length;
  run.tally.sent += job.recipients.length - failed;
  run.tally.failed += failed;
  run.deps.onEvent?.({
    type: 'batch',
    batchNo: job.batch.batch_no,
    sent: job.recipients.length - failed,
    failed,
    attempt,
  });
}
