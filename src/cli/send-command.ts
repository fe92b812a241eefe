import { exampleSenderProblem } from '../config/sender-address.ts';
import { formatProblem } from '../content/types.ts';
import { prepareEdition } from '../edition/prepare-edition.ts';
import { deliverTestCopy } from '../edition/test-copy.ts';
import { gateEdition } from '../gate/run-gate.ts';
import type { Digest } from '../render/digest-model.ts';
import { renderDigestText } from '../render/digest-text.ts';
import { renderDigestHtml } from '../render/render-digest.ts';
import { describeHold } from '../reputation/hold.ts';
import type { HoldCheck } from '../reputation/hold-check.ts';
import { createTransport, outboxDir } from '../send/create-transport.ts';
import type { personalize, SenderSettings } from '../send/personalize.ts';
import { sendPreparedWeek, type WeekSendDeps } from '../send/week-send.ts';
import { createLedgerStore } from '../store/ledger/ledger-store.ts';
import type { StoreHandle } from '../store/open-database.ts';
import { createSubscriberStore } from '../store/subscriber-store.ts';
import { normalizeEmail } from '../subscribers/email-address.ts';
import { holdCheck } from './configured-hold.ts';
import { gateSummary, printGate } from './gate-report.ts';
import { editionSource, type FolderOptions, folders, type Runtime } from './runtime.ts';
import { describeDryRun } from './send-dry-run.ts';
import { openSendHistory } from './send-history.ts';
import { createSendProgress } from './send-progress.ts';
import { heldMessage, printSendReport } from './send-report.ts';

export interface SendCommandOptions extends FolderOptions {
  week: string;
  dryRun?: boolean | undefined;
  /** Send one test copy to this address, outside the ledger. */
  to?: string | undefined;
  /** Send even when content has problems. */
  force?: boolean | undefined;
  /** Optional ceiling on requests per second. */
  maxRps?: number | undefined;
  /** The operator's decision to send despite a reputation hold. */
  overrideHold?: boolean | undefined;
}

/** `verdicts send`: advances a week's edition until every active subscriber has exactly one email. */
export async function sendCommand(runtime: Runtime, options: SendCommandOptions): Promise<number> {
  const { outDir } = folders(runtime, options);
  const sender = runtime.config.resendApiKey ? exampleSenderProblem(runtime.config.emailFrom) : undefined;
  if (sender) {
    runtime.stderr(sender);
    return 2;
  }
  // Compared with what readers were sent before: the send history of the database the ledger writes.
  const opened = openSendHistory(runtime);
  const prepared = await prepareEdition(
    editionSource(runtime, options, opened.history),
    options.week,
    runtime.clock(),
  ).finally(() => opened.close());
  const week = prepared.week.id;
  if (prepared.problems.length > 0) {
    for (const problem of prepared.problems) runtime.stderr(formatProblem(problem));
    if (!options.force) {
      runtime.stderr(`${prepared.problems.length} problems: not sending ${week}. Fix them, or pass --force.`);
      return 1;
    }
    runtime.stderr(`--force: sending ${week} despite ${prepared.problems.length} problems.`);
  }
  if (prepared.assembled.comparisons.length === 0) {
    runtime.stdout(`${week} has no comparisons: nothing to send.`);
    return 0;
  }
  const settings = senderSettings(runtime);
  const gate = gateEdition(prepared, settings);
  printGate(runtime, gate, { details: false });
  if (gate.errors.length > 0) {
    if (!options.force) {
      runtime.stderr(
        `${gateSummary(gate)}: not sending ${week}. Fix them (\`verdicts preview\` shows each), or pass --force.`,
      );
      return 1;
    }
    runtime.stderr(`--force: sending ${week} despite ${gateSummary(gate)}.`);
  }
  const store = await runtime.openStore();
  try {
    if (options.to)
      return await sendTestCopy(runtime, store, options.to, prepared.rendered, settings, outDir);
    const subscribers = createSubscriberStore(store.db, runtime.clock);
    const ledger = createLedgerStore(store, runtime.clock);
    if (options.dryRun) {
      const plan = await describeDryRun(prepared.rendered, ledger, subscribers, runtime.clock());
      runtime.stdout(
        `dry run: ${week} "${prepared.rendered.subject}", ${prepared.assembled.comparisons.length} comparisons, ` +
          `${Buffer.byteLength(prepared.rendered.html)} bytes of HTML; ${plan}` +
          ` via ${runtime.config.resendApiKey ? 'Resend' : 'the outbox'}. Nothing was sent.`,
      );
      return 0;
    }
    const holds = holdCheck(runtime, store);
    const hold = await holds.check(week);
    if (hold && !options.overrideHold) {
      runtime.stderr(heldMessage(hold, week));
      return 1;
    }
    if (hold) runtime.stderr(`--override-hold: sending ${week} although ${describeHold(hold)}.`);
    const progress = createSendProgress(runtime);
    const deps = weekSendDeps(
      runtime,
      store,
      outDir,
      progress.onEvent,
      options.overrideHold ? undefined : holds,
    );
    const result = await sendPreparedWeek(deps, prepared, {
      settings,
      leaseMs: runtime.config.sendLeaseSeconds * 1000,
      maxRequestsPerSecond: options.maxRps,
    });
    progress.stop();
    if (result.kind === 'busy') {
      runtime.stderr(`another send is running (${result.holder ?? 'unknown'}); not starting a second one.`);
      return 1;
    }
    const { report } = result;
    printSendReport(runtime, report, runtime.config.resendApiKey ? undefined : outboxDir(outDir, week));
    return report.remaining > 0 || report.stoppedBecause ? 1 : 0;
  } finally {
    await store.close();
  }
}

async function sendTestCopy(
  runtime: Runtime,
  store: StoreHandle,
  address: string,
  rendered: Parameters<typeof personalize>[0],
  settings: SenderSettings,
  outDir: string,
): Promise<number> {
  const normalized = normalizeEmail(address);
  if (!normalized.ok) {
    runtime.stderr(`--to: "${address}" ${normalized.reason}`);
    return 1;
  }
  const known = await createSubscriberStore(store.db, runtime.clock).findByEmail(normalized.email);
  const transport = createTransport(runtime.config, outDir, `${rendered.week}-test`, runtime.clock());
  const result = await deliverTestCopy(
    transport,
    rendered,
    { subscriberId: known?.id ?? 0, email: normalized.email },
    settings,
    runtime.clock(),
  );
  if (result.ok) {
    const where = runtime.config.resendApiKey
      ? `Resend id ${result.providerId}`
      : outboxDir(outDir, `${rendered.week}-test`);
    runtime.stdout(
      `test copy of ${rendered.week} sent to ${normalized.email} (${where}); the ledger was not touched.`,
    );
    return 0;
  }
  runtime.stderr(`test copy not sent: ${result.reason}`);
  return 1;
}

/** A reader's variant of the week as the email renders it (React Email HTML, plain text). */
async function renderDigest(digest: Digest): Promise<{ html: string; text: string }> {
  return { html: await renderDigestHtml(digest), text: renderDigestText(digest) };
}

export function senderSettings(runtime: Runtime): SenderSettings {
  const { emailFrom, replyTo, publicUrl, secret, unsubscribeMailto } = runtime.config;
  return { from: emailFrom, replyTo, publicUrl, secret, unsubscribeMailto };
}

/** The real parts a week's send runs on, shared by `send` and `schedule`. */
export function weekSendDeps(
  runtime: Runtime,
  store: StoreHandle,
  outDir: string,
  onEvent: WeekSendDeps['onEvent'],
  holds?: HoldCheck | undefined,
): WeekSendDeps {
  return {
    store,
    transportFor: (week, date) => createTransport(runtime.config, outDir, week, date, runtime.stderr),
    hold: holds && ((week) => holds.check(week)),
    renderDigest,
    clock: runtime.clock,
    sleep: runtime.sleep,
    random: runtime.random,
    workerId: runtime.workerId,
    isOwnerAlive: runtime.isOwnerAlive,
    signal: runtime.signal,
    onEvent,
  };
}
