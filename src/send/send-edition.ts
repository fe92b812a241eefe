import type { BatchRow, EditionRow, FrozenBatch, LedgerStore, Recipient } from '../store/ledger-store.ts';
import type { DeliveryStatus } from '../store/schema.ts';
import { backoffDelay } from './backoff.ts';
import { personalize, type RenderedEdition, type SenderSettings } from './personalize.ts';
import type { BatchOutcome, RateLimitInfo, Transport } from './transport.ts';

/** Flow control between requests: waits before each one, learns from each answer. */
export interface Pacer {
  beforeRequest(): Promise<void>;
  afterResponse(info: RateLimitInfo | undefined, throttled: boolean): void;
}

export type SendEvent =
  | { type: 'started'; week: string; audience: number; created: boolean; alreadyDone: number }
  | { type: 'batch'; batchNo: number; sent: number; failed: number; attempt: number }
  | { type: 'retry'; batchNo: number; attempt: number; reason: string; delayMs: number }
  | { type: 'uncertain'; batchNo: number; reason: string };

export interface SendDeps {
  ledger: LedgerStore;
  transport: Transport;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pacer?: Pacer | undefined;
  onEvent?: ((event: SendEvent) => void) | undefined;
}

export interface SendOptions {
  settings: SenderSettings;
  /** Identifies this process in batch leases. */
  workerId: string;
  batchSize?: number | undefined;
  leaseMs?: number | undefined;
  /** Consecutive 5xx/timeout answers for one batch before the run stops (the batch stays resumable). */
  maxServerErrors?: number | undefined;
  /** Consecutive 429 answers for one batch before the run stops; throttling delays, never drops. */
  maxThrottles?: number | undefined;
  /** Provider keeps idempotency keys this long; an older unfinished batch is not retried blindly. */
  idempotencyWindowMs?: number | undefined;
  /** How often to look again while other senders hold the remaining batches. */
  pollMs?: number | undefined;
  /**
   * Batch requests kept in flight at once (default 1). Each lane freezes or claims its own batches under
   * the lease owner `<workerId>#<lane>` (plain `workerId` with one lane), and shares the pacer, so the
   * provider's limit holds for the whole process while serialization and round trips overlap.
   */
  concurrency?: number | undefined;
  /**
   * Batches a lane freezes in one transaction (default 10). One commit per freeze instead of one per
   * batch; a subscriber who leaves during the run is honoured up to this many batches later.
   */
  freezeAhead?: number | undefined;
  /** Aborting stops after the batch in flight (SIGTERM); the rest stays resumable. */
  signal?: AbortSignal | undefined;
}

export interface SendReport {
  week: string;
  audience: number;
  /** Deliveries that already had an outcome before this run (a resumed or repeated send). */
  alreadyDone: number;
  /** Accepted by the provider in this run (other senders sharing the edition count their own). */
  sent: number;
  /** Rejected by the provider in this run. */
  failed: number;
  skipped: number;
  uncertain: number;
  /** Deliveries still waiting (the run stopped early). */
  remaining: number;
  counts: Record<DeliveryStatus, number>;
  failures: { email: string; error: string | null }[];
  complete: boolean;
  stoppedBecause?: string | undefined;
  durationMs: number;
}

const DONE: DeliveryStatus[] = ['sent', 'failed', 'skipped', 'uncertain'];

/**
 * Advances one edition towards "every audience member has exactly one accepted email": re-sends batches
 * left in flight (same membership, same idempotency key), then freezes and sends new ones.
 * Starting an edition snapshots the audience; an existing edition keeps its stored render.
 */
export async function sendEdition(
  deps: SendDeps,
  rendered: RenderedEdition,
  options: SendOptions,
): Promise<SendReport> {
  const { ledger, transport, clock } = deps;
  const startedAt = clock().getTime();
  const batchSize = Math.min(options.batchSize ?? transport.maxBatchSize, transport.maxBatchSize);
  const leaseMs = options.leaseMs ?? 120_000;
  const windowMs = options.idempotencyWindowMs ?? 23 * 60 * 60 * 1000;
  const freezeAhead = Math.max(1, Math.floor(options.freezeAhead ?? 10));

  const { created, edition } = await ledger.startEdition(rendered);
  const stored = storedRender(edition);
  const before = await ledger.counts(rendered.week);
  const alreadyDone = sum(before, DONE);
  deps.onEvent?.({ type: 'started', week: rendered.week, audience: edition.audience, created, alreadyDone });

  let stoppedBecause: string | undefined;
  // Counted per run, not from the ledger: other senders may share the edition.
  let sentHere = 0;
  let failedHere = 0;
  // Batches left in flight are re-sent first; after that a run freezes its own batches and only looks for
  // others' unfinished ones when there is nothing left to freeze (saves a query per batch).
  // Lanes of this run waiting for each other await `laneProgress` (settled whenever a lane finishes a
  // batch or stops) instead of polling the ledger.
  let holding = 0;
  let progressed: () => void = () => {};
  let laneProgress = new Promise<void>((resolve) => {
    progressed = resolve;
  });
  const signalProgress = () => {
    const resolve = progressed;
    laneProgress = new Promise<void>((next) => {
      progressed = next;
    });
    resolve();
  };
  const runLane = async (owner: string) => {
    try {
      await laneLoop(owner);
    } finally {
      signalProgress();
    }
  };
  const laneLoop = async (owner: string) => {
    // Batches this lane froze ahead of sending, under its lease. `nextCounted`: the first attempt of
    // ahead[0] is already on record (counted in the commit that froze it or completed the batch before).
    const ahead: FrozenBatch[] = [];
    let nextCounted = false;
    const carryOn = () => !options.signal?.aborted && stoppedBecause === undefined && !crashed;
    try {
      let lookForFrozen = true;
      while (carryOn()) {
        let batch: BatchRow | undefined;
        let recipients: Recipient[] = [];
        let counted = false;
        if (lookForFrozen && ahead.length === 0) {
          batch = await ledger.claimFrozenBatch(rendered.week, owner, leaseMs);
          if (batch) recipients = await ledger.batchRecipients(rendered.week, batch.batch_no);
          else lookForFrozen = false;
        }
        if (!batch && ahead.length === 0) {
          ahead.push(
            ...(await ledger.freezeBatches(rendered.week, {
              size: batchSize,
              maxBatches: freezeAhead,
              owner,
              leaseMs,
              firstAttemptNow: true,
            })),
          );
          nextCounted = ahead.length > 0;
        }
        if (!batch && ahead.length > 0) {
          const next = ahead[0]!;
          // Held too long (a slow provider): claim them again through the ledger, which renews the lease
          // or finds that another sender took them over.
          if (Date.parse(next.batch.lease_expires_at ?? '') - clock().getTime() < leaseMs / 2) {
            await releaseAhead();
            lookForFrozen = true;
            continue;
          }
          ahead.shift();
          ({ batch, recipients } = next);
          counted = nextCounted;
          nextCounted = false;
        }
        if (!batch && holding > 0) {
          // Another lane of this run is sending: wait for it to finish a batch (it may stop, or leave work).
          await laneProgress;
          lookForFrozen = true;
          continue;
        }
        if (!batch) {
          // Other senders may still hold batches: wait for them, or for their leases to run out and take
          // over, so a run that ends normally leaves the edition complete.
          const open = await ledger.openBatches(rendered.week);
          if (open.count === 0) break;
          const untilExpiry = open.nextLeaseExpiry ? Date.parse(open.nextLeaseExpiry) - clock().getTime() : 0;
          await deps.sleep(Math.min(Math.max(untilExpiry, 50), options.pollMs ?? 500));
          lookForFrozen = true;
          continue;
        }
        holding++;
        try {
          if (await sendBatch(owner, batch, recipients, counted)) break;
        } finally {
          holding--;
          signalProgress();
        }
      }
    } finally {
      await releaseAhead();
    }

    /** Gives back the batches frozen ahead and not sent; an attempt counted for one was never made. */
    async function releaseAhead() {
      for (const [index, left] of ahead.entries())
        await ledger.releaseBatch(rendered.week, left.batch.batch_no, owner, index === 0 && nextCounted);
      ahead.length = 0;
      nextCounted = false;
    }

    /** Sends one batch until the provider answers for it; true when the run must stop. */
    async function sendBatch(
      owner: string,
      batch: BatchRow,
      recipients: Recipient[],
      counted: boolean,
    ): Promise<boolean> {
      if (batch.first_attempt_at && clock().getTime() - Date.parse(batch.first_attempt_at) > windowMs) {
        const reason = `first attempted ${batch.first_attempt_at}, beyond the provider's idempotency window: check delivery events before re-sending`;
        await ledger.markBatchUncertain(rendered.week, batch.batch_no, reason);
        deps.onEvent?.({ type: 'uncertain', batchNo: batch.batch_no, reason });
        return false;
      }
      const messages = recipients.map((recipient) => personalize(stored, recipient, options.settings));
      const idempotencyKey = `${rendered.week}-${compactTime(edition.created_at)}/${batch.batch_no}`;
      let serverErrors = 0;
      let throttles = 0;
      let attempt = batch.attempts;
      let attemptOnRecord = counted;
      for (;;) {
        if (attemptOnRecord) attemptOnRecord = false;
        else {
          await ledger.recordAttempt(rendered.week, batch.batch_no, owner, leaseMs);
          attempt++;
        }
        // Paced last, right before the request, so the pacer's notion of "sent" is as close to the wire as
        // can be: inside the transport, after serialization, when it offers that.
        const pacer = deps.pacer;
        const lateWire = pacer !== undefined && transport.pacesBeforeWire === true;
        if (pacer && !lateWire) await pacer.beforeRequest();
        const outcome: BatchOutcome = await transport.sendBatch(messages, {
          idempotencyKey,
          ...(lateWire ? { beforeWire: () => pacer.beforeRequest() } : {}),
        });
        const throttled = outcome.kind === 'retry' && outcome.retryAfterMs !== undefined;
        deps.pacer?.afterResponse(outcome.kind === 'fatal' ? undefined : outcome.rateLimit, throttled);
        if (outcome.kind === 'accepted') {
          // The next batch's first attempt goes on record with this one's outcome, when it will be sent.
          const next = carryOn() ? ahead[0] : undefined;
          await ledger.completeBatch(
            rendered.week,
            batch.batch_no,
            recipients.map((recipient, index) => ({
              subscriberId: recipient.subscriberId,
              outcome: outcome.outcomes[index] ?? {
                ok: false,
                error: 'the provider returned no result for this message',
              },
            })),
            next ? { batchNo: next.batch.batch_no, owner, leaseMs } : undefined,
          );
          if (next) {
            next.batch = {
              ...next.batch,
              attempts: next.batch.attempts + 1,
              first_attempt_at: next.batch.first_attempt_at ?? clock().toISOString(),
              lease_expires_at: new Date(clock().getTime() + leaseMs).toISOString(),
            };
            nextCounted = true;
          }
          const failed = outcome.outcomes.filter((o) => !o.ok).length;
          sentHere += recipients.length - failed;
          failedHere += failed;
          deps.onEvent?.({
            type: 'batch',
            batchNo: batch.batch_no,
            sent: recipients.length - failed,
            failed,
            attempt,
          });
          return false;
        }
        let stop: string | undefined;
        if (outcome.kind === 'fatal') stop = outcome.reason;
        else {
          await ledger.recordRetry(rendered.week, batch.batch_no, outcome.reason);
          if (throttled) throttles++;
          else serverErrors++;
          if (serverErrors >= (options.maxServerErrors ?? 8) || throttles >= (options.maxThrottles ?? 500)) {
            stop = `batch ${batch.batch_no} still failing after ${attempt} attempts (${outcome.reason}); run send again to resume`;
          } else if (options.signal?.aborted) stop = 'stopped by signal; run send again to resume';
        }
        if (stop !== undefined || outcome.kind === 'fatal') {
          stoppedBecause ??= stop;
          await ledger.releaseBatch(rendered.week, batch.batch_no, owner);
          return true;
        }
        const delayMs = outcome.retryAfterMs ?? backoffDelay(serverErrors, deps.random);
        deps.onEvent?.({
          type: 'retry',
          batchNo: batch.batch_no,
          attempt,
          reason: outcome.reason,
          delayMs,
        });
        await deps.sleep(delayMs);
      }
    }
  };
  const lanes = Math.max(1, Math.floor(options.concurrency ?? 1));
  // A lane that throws (a bug, a lost database) stops the others at their next batch; the first error wins.
  let crashed = false;
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, (_, lane) =>
      runLane(lanes === 1 ? options.workerId : `${options.workerId}#${lane + 1}`).catch((error: unknown) => {
        crashed = true;
        throw error;
      }),
    ),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  if (!stoppedBecause && options.signal?.aborted)
    stoppedBecause = 'stopped by signal; run send again to resume';

  const complete = await ledger.finishIfDone(rendered.week);
  const after = await ledger.counts(rendered.week);
  return {
    week: rendered.week,
    audience: edition.audience,
    alreadyDone,
    sent: sentHere,
    failed: failedHere,
    skipped: after.skipped - before.skipped,
    uncertain: after.uncertain - before.uncertain,
    remaining: after.queued + after.batched,
    counts: after,
    failures: await ledger.failures(rendered.week),
    complete,
    stoppedBecause,
    durationMs: clock().getTime() - startedAt,
  };
}

function storedRender(edition: EditionRow): RenderedEdition {
  return {
    week: edition.week,
    subject: edition.subject,
    preheader: edition.preheader,
    html: edition.html,
    text: edition.text,
  };
}

function sum(counts: Record<DeliveryStatus, number>, statuses: DeliveryStatus[]): number {
  return statuses.reduce((total, status) => total + counts[status], 0);
}

/** 2026-11-30T09:00:00.000Z → 20261130T090000Z: keeps keys short and distinct per edition. */
function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}
