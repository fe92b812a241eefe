import { describeHold, type Hold } from '../reputation/hold.ts';
import type { SendReport } from '../send/send-edition.ts';
import { describeSkips } from '../store/ledger/skip-reasons.ts';
import type { Runtime } from './runtime.ts';

/** The closing report of `send`: what went out, what failed and why, and what to do when it stopped. */
export function printSendReport(runtime: Runtime, report: SendReport, outbox: string | undefined): void {
  runtime.stdout(
    `${report.week}: sent ${report.sent}, skipped ${report.skipped}, already sent ${report.alreadyDone}, failed ${report.failed}` +
      (report.uncertain ? `, uncertain ${report.uncertain}` : '') +
      ` (audience ${report.audience}) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (report.skipped > 0) runtime.stdout(`  skipped this edition: ${describeSkips(report.skippedBy)}`);
  for (const failure of report.failures)
    runtime.stdout(`  ${failure.status}: ${failure.email}: ${failure.error ?? 'unknown reason'}`);
  if (outbox) runtime.stdout(`messages: ${outbox}/`);
  const halt = report.halt;
  if (halt?.kind === 'quota') {
    runtime.stderr(
      `${report.week}: Resend's ${halt.quota} sending quota is used up: ${report.counts.sent} sent, ` +
        `${report.remaining} waiting; run \`verdicts send --week ${report.week}\` again after the quota resets to send the rest.`,
    );
    return;
  }
  if (halt?.kind === 'hold') {
    runtime.stderr(heldMessage(halt.hold, report.week));
    return;
  }
  if (report.stoppedBecause) runtime.stderr(`stopped early: ${report.stoppedBecause}`);
  if (report.remaining > 0)
    runtime.stderr(`${report.remaining} deliveries still waiting: run the same send again to resume.`);
}

/** Why a week is held, and the two ways on. */
export function heldMessage(hold: Hold, week: string): string {
  return (
    `${week} is held: ${describeHold(hold)}. Nothing more is sent; the rest goes out once the rate is back ` +
    `under the threshold, or run \`verdicts send --week ${week} --override-hold\` to send anyway.`
  );
}
