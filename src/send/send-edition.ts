import type { DeliveryStatus } from '../store/schema.ts';
import { runLane } from './lane.ts';
import type { RenderedEdition } from './personalize.ts';
import { createSendRun, type Halt, type SendDeps, type SendOptions, STOPPED_BY_SIGNAL } from './send-run.ts';

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
  /** The edition's skipped deliveries by why (see store/ledger/skip-reasons.ts). */
  skippedBy: Record<string, number>;
  uncertain: number;
  /** Deliveries still waiting (the run stopped early). */
  remaining: number;
  counts: Record<DeliveryStatus, number>;
  failures: { email: string; status: 'failed' | 'uncertain'; error: string | null }[];
  complete: boolean;
  stoppedBecause?: string | undefined;
  /** The stop was one the operator must act on (a quota, a reputation hold). */
  halt?: Halt | undefined;
  durationMs: number;
}

const DONE: DeliveryStatus[] = ['sent', 'failed', 'skipped', 'uncertain'];

/**
 * Advances one edition towards "every audience member has exactly one accepted email" (DELIVERY.md):
 * starting it snapshots the audience (an existing edition keeps its audience and its stored render), then
 * its lanes send batch after batch until none is left or the run must stop, and the report says where
 * the edition stands.
 */
export async function sendEdition(
  deps: SendDeps,
  rendered: RenderedEdition,
  options: SendOptions,
): Promise<SendReport> {
  const { ledger, clock } = deps;
  const startedAt = clock().getTime();
  const { created, edition } = await ledger.startEdition(rendered);
  const before = await ledger.counts(rendered.week);
  const alreadyDone = DONE.reduce((total, status) => total + before[status], 0);
  deps.onEvent?.({ type: 'started', week: rendered.week, audience: edition.audience, created, alreadyDone });

  const run = createSendRun(deps, edition, options);
  const laneCount = Math.max(1, Math.floor(options.concurrency ?? 1));
  const owners = Array.from({ length: laneCount }, (_, lane) =>
    laneCount === 1 ? options.workerId : `${options.workerId}#${lane + 1}`,
  );
  const lanes = await Promise.allSettled(
    owners.map((owner) =>
      runLane(run, owner).catch((error: unknown) => {
        run.crashed();
        throw error;
      }),
    ),
  );
  const failure = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failure) throw failure.reason;
  if (options.signal?.aborted) run.stop(STOPPED_BY_SIGNAL);

  const complete = await ledger.finishIfDone(rendered.week);
  const after = await ledger.counts(rendered.week);
  return {
    week: rendered.week,
    audience: edition.audience,
    alreadyDone,
    sent: run.tally.sent,
    failed: run.tally.failed,
    skipped: after.skipped - before.skipped,
    skippedBy: await ledger.skipReasons(rendered.week),
    uncertain: after.uncertain - before.uncertain,
    remaining: after.queued + after.batched,
    counts: after,
    failures: await ledger.failures(rendered.week),
    complete,
    stoppedBecause: run.stoppedBecause,
    halt: run.halt,
    durationMs: clock().getTime() - startedAt,
  };
}
