import { describeHold } from '../reputation/hold.ts';
import { nextRunAfter } from '../schedule/cron-times.ts';
import { createLeaseStore } from '../store/lease-store.ts';
import { createLedgerStore } from '../store/ledger/ledger-store.ts';
import { describeSkips } from '../store/ledger/skip-reasons.ts';
import { SUBSCRIBER_STATUSES } from '../store/schema.ts';
import { createSubscriberStore } from '../store/subscriber-store.ts';
import { holdCheck } from './configured-hold.ts';
import type { Runtime } from './runtime.ts';

/** `verdicts status`: subscribers by status, the last issues with their counts, the next scheduled run. */
export async function statusCommand(
  runtime: Runtime,
  options: { limit: number; json?: boolean | undefined },
) {
  const handle = await runtime.openStore();
  try {
    const subscribers = await createSubscriberStore(handle.db, runtime.clock).countByStatus();
    const ledger = createLedgerStore(handle, runtime.clock);
    const leases = createLeaseStore(handle.db, runtime.clock);
    const editions = [];
    for (const edition of await ledger.listEditions(options.limit)) {
      const counts = await ledger.counts(edition.week);
      const holder = await leases.holder(`week:${edition.week}`);
      editions.push({
        week: edition.week,
        subject: edition.subject,
        status: edition.status,
        audience: edition.audience,
        startedAt: edition.created_at,
        completedAt: edition.completed_at,
        counts,
        skippedBy: counts.skipped > 0 ? await ledger.skipReasons(edition.week) : {},
        sendingNow: holder && holder.expires_at > runtime.clock().toISOString() ? holder.owner : undefined,
      });
    }
    const { sendCron, timezone } = runtime.config;
    const nextRun = nextRunAfter(sendCron, timezone, runtime.clock());
    // The hold the next send would meet: the newest edition (resumed) or the week after it.
    const newest = editions[0]?.week;
    const hold = newest ? ((await holdCheck(runtime, handle).check(newest)) ?? null) : null;
    if (options.json) {
      const schedule = { cron: sendCron, timezone, nextRun };
      runtime.stdout(JSON.stringify({ subscribers, editions, schedule, hold }, null, 2));
      return 0;
    }
    runtime.stdout(`subscribers: ${SUBSCRIBER_STATUSES.map((s) => `${s} ${subscribers[s]}`).join(', ')}`);
    runtime.stdout(`next scheduled run: ${nextRun.toISOString()} (${sendCron} in ${timezone})`);
    if (hold) {
      runtime.stdout(
        `HOLD: ${describeHold(hold)}; nothing is sent until it is under the threshold or \`verdicts send --override-hold\` decides otherwise`,
      );
    }
    if (editions.length === 0) {
      runtime.stdout('no issues sent yet');
      return 0;
    }
    runtime.stdout('');
    runtime.stdout('week      status    audience  sent  failed  skipped  uncertain  waiting  subject');
    for (const e of editions) {
      const waiting = e.counts.queued + e.counts.batched;
      runtime.stdout(
        [
          e.week.padEnd(8),
          (e.sendingNow ? 'sending*' : e.status).padEnd(8),
          String(e.audience).padStart(8),
          String(e.counts.sent).padStart(5),
          String(e.counts.failed).padStart(7),
          String(e.counts.skipped).padStart(8),
          String(e.counts.uncertain).padStart(10),
          String(waiting).padStart(8),
          ` ${e.subject}`,
        ].join('  '),
      );
    }
    for (const e of editions.filter((edition) => edition.counts.skipped > 0))
      runtime.stdout(`${e.week} skipped: ${describeSkips(e.skippedBy)}`);
    if (editions.some((e) => e.status === 'sending' && !e.sendingNow)) {
      runtime.stdout('');
      runtime.stdout(
        'an issue marked "sending" with nobody sending it was interrupted: `verdicts send --week W` resumes it',
      );
    }
    return 0;
  } finally {
    await handle.close();
  }
}
