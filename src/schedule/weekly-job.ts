import { formatProblem } from '../content/types.ts';
import { type EditionSource, prepareEdition } from '../edition/prepare-edition.ts';
import { gateEdition } from '../gate/run-gate.ts';
import { describeHold } from '../reputation/hold.ts';
import type { SenderSettings } from '../send/personalize.ts';
import { sendPreparedWeek, takeLease, type WeekSendDeps } from '../send/week-send.ts';
import { createLeaseStore } from '../store/lease-store.ts';
import { createLedgerStore } from '../store/ledger/ledger-store.ts';
import type { WeekRunOutcome } from './scheduler.ts';

export interface WeeklyJobOptions {
  source: EditionSource;
  settings: SenderSettings;
  leaseMs: number;
  maxRequestsPerSecond?: number | undefined;
}

const WEEK_LEASE_MS = 10 * 60_000;

/**
 * What a scheduler tick does with a week: assemble and gate it like `verdicts send`, then send it while
 * holding the week's claim row (`week:<id>` in the leases table, on SQLite and PostgreSQL alike), so
 * two schedulers never both send one week.
 */
export function createWeeklyJob(deps: WeekSendDeps, options: WeeklyJobOptions) {
  const { store, clock, workerId } = deps;
  const ledger = createLedgerStore(store, clock);
  const leases = createLeaseStore(store.db, clock);

  return {
    async isWeekComplete(week: string): Promise<boolean> {
      return (await ledger.getEdition(week))?.status === 'complete';
    },

    async runWeek(week: string): Promise<WeekRunOutcome> {
      const prepared = await prepareEdition(options.source, week, clock());
      if (prepared.problems.length > 0) {
        return { kind: 'refused', reason: prepared.problems.map(formatProblem).join('; ') };
      }
      if (prepared.assembled.comparisons.length === 0) return { kind: 'no-comparisons' };
      const gate = gateEdition(prepared, options.settings);
      if (gate.errors.length > 0) {
        return { kind: 'refused', reason: gate.errors.map((e) => e.message).join('; ') };
      }
      const hold = await deps.hold?.(week);
      if (hold) return { kind: 'held', reason: describeHold(hold) };
      const claim = `week:${week}`;
      const taken = await takeLease(leases, claim, workerId, deps.isOwnerAlive, WEEK_LEASE_MS);
      if (!taken.ok) return { kind: 'busy', holder: taken.holder };
      const renew = setInterval(() => void leases.acquire(claim, workerId, WEEK_LEASE_MS), 60_000);
      renew.unref();
      try {
        // Another scheduler may have finished the week between our check and our claim.
        if (await this.isWeekComplete(week)) return { kind: 'already-sent' };
        const result = await sendPreparedWeek(deps, prepared, options);
        if (result.kind === 'busy') return result;
        const { report } = result;
        if (report.halt?.kind === 'quota') return { kind: 'quota', reason: report.stoppedBecause ?? 'quota' };
        if (report.halt?.kind === 'hold') return { kind: 'held', reason: describeHold(report.halt.hold) };
        if (report.stoppedBecause && report.remaining > 0) {
          return { kind: 'failed', reason: report.stoppedBecause };
        }
        return { kind: 'sent', sent: report.sent, complete: report.complete };
      } finally {
        clearInterval(renew);
        await leases.release(claim, workerId);
      }
    },
  };
}
