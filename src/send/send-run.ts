import type { VariantSource } from '../render/digest-variant.ts';
import { describeHold, type Hold } from '../reputation/hold.ts';
import type { EditionRow, LedgerStore, MemberPlan, QueuedDelivery } from '../store/ledger/ledger-store.ts';
import { createLaneActivity, type LaneActivity } from './lane-activity.ts';
import type { Pacer } from './pacer.ts';
import type { RenderedEdition, SenderSettings } from './personalize.ts';
import { planFor } from './reader-plan.ts';
import type { Quota, Transport } from './transport.ts';
import { createVariants, type DigestRenderer, type Variants } from './variants.ts';

export type SendEvent =
  | { type: 'started'; week: string; audience: number; created: boolean; alreadyDone: number }
  | { type: 'batch'; batchNo: number; sent: number; failed: number; attempt: number }
  | { type: 'retry'; batchNo: number; attempt: number; reason: string; delayMs: number }
  | { type: 'uncertain'; batchNo: number; reason: string };

/** A stop the operator must act on: the provider's quota is used up, or the list's reputation is at risk. */
export type Halt = { kind: 'quota'; quota: Quota } | { kind: 'hold'; hold: Hold };

export interface SendDeps {
  ledger: LedgerStore;
  transport: Transport;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pacer?: Pacer | undefined;
  onEvent?: ((event: SendEvent) => void) | undefined;
  /** Whether the list's reputation holds the week now; asked as batches are frozen. */
  hold?: (() => Promise<Hold | undefined>) | undefined;
  /** Renders a reader's variant of the week the first time one is needed (readers who follow topics). */
  renderDigest?: DigestRenderer | undefined;
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

/** The limits a run works within, with their defaults applied. */
export interface SendLimits {
  batchSize: number;
  leaseMs: number;
  windowMs: number;
  freezeAhead: number;
  maxServerErrors: number;
  maxThrottles: number;
  pollMs: number;
}

/** One run over one edition: what its lanes share, and how it stops. */
export interface SendRun {
  deps: SendDeps;
  week: string;
  /** The edition as stored when it started: every retry personalizes from these exact bodies. */
  edition: RenderedEdition;
  /** Each reader's variant of it (topics they follow), rendered once and kept. */
  variants: Variants;
  /** What a reader gets of the week, decided as their batch is frozen. */
  plan(delivery: QueuedDelivery): MemberPlan;
  /** Prefix of every batch's idempotency key: the week and the edition's start, so keys never repeat. */
  keyPrefix: string;
  settings: SenderSettings;
  limits: SendLimits;
  lanes: LaneActivity;
  /** Accepted and rejected in this run (other senders sharing the edition count their own). */
  tally: { sent: number; failed: number };
  /** Why the run stopped early; the first reason wins. */
  stoppedBecause: string | undefined;
  /** When it stopped for something the operator must act on before sending again. */
  halt: Halt | undefined;
  stop(reason: string, halt?: Halt): void;
  /** True once the run should take no new batch: stopped, aborted, or a lane crashed. */
  stopping(): boolean;
  /** A lane threw (a bug, a lost database): the others stop at their next batch. */
  crashed(): void;
  /**
   * False, and the run stopped, when a reputation hold applies now. Asked before a lane takes a batch,
   * at most once a second: a few indexed reads against a send's thousands of writes.
   */
  holdAllows(): Promise<boolean>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOLD_CHECK_INTERVAL_MS = 1000;
export const STOPPED_BY_SIGNAL = 'stopped by signal; run send again to resume';

export function createSendRun(deps: SendDeps, stored: EditionRow, options: SendOptions): SendRun {
  const { transport } = deps;
  const edition: RenderedEdition = {
    week: stored.week,
    subject: stored.subject,
    preheader: stored.preheader,
    html: stored.html,
    text: stored.text,
  };
  const source = stored.source ? (JSON.parse(stored.source) as VariantSource) : undefined;
  let crashed = false;
  let lastHoldCheck = Number.NEGATIVE_INFINITY;
  const run: SendRun = {
    deps,
    week: edition.week,
    edition,
    variants: createVariants({ ledger: deps.ledger, edition, source, render: deps.renderDigest }),
    plan: (delivery) => planFor(source, delivery, deps.clock()),
    keyPrefix: `${edition.week}-${compactTime(stored.created_at)}`,
    settings: options.settings,
    limits: {
      batchSize: Math.min(options.batchSize ?? transport.maxBatchSize, transport.maxBatchSize),
      leaseMs: options.leaseMs ?? 120_000,
      // Resend keeps a key 24 hours; an hour's margin for clocks and a batch that takes long.
      windowMs: options.idempotencyWindowMs ?? DAY_MS - 60 * 60 * 1000,
      freezeAhead: Math.max(1, Math.floor(options.freezeAhead ?? 10)),
      maxServerErrors: options.maxServerErrors ?? 8,
      maxThrottles: options.maxThrottles ?? 500,
      pollMs: options.pollMs ?? 500,
    },
    lanes: createLaneActivity(),
    tally: { sent: 0, failed: 0 },
    stoppedBecause: undefined,
    halt: undefined,
    stop(reason, halt) {
      if (run.stoppedBecause !== undefined) return;
      run.stoppedBecause = reason;
      run.halt = halt;
    },
    stopping: () => crashed || run.stoppedBecause !== undefined || options.signal?.aborted === true,
    crashed() {
      crashed = true;
    },
    async holdAllows() {
      if (!deps.hold) return true;
      const now = deps.clock().getTime();
      if (now - lastHoldCheck < HOLD_CHECK_INTERVAL_MS) return true;
      lastHoldCheck = now;
      const hold = await deps.hold();
      if (!hold) return true;
      run.stop(`held: ${describeHold(hold)}`, { kind: 'hold', hold });
      return false;
    },
  };
  return run;
}

/** 2026-11-30T09:00:00.000Z → 20261130T090000Z: keeps keys short and distinct per edition. */
function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}
