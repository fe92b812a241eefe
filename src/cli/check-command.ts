import { exampleSenderProblem } from '../config/sender-address.ts';
import { fileSystemContent } from '../content/file-system-content.ts';
import { loadAllIssueNotes } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import { type ContentProblem, formatProblem } from '../content/types.ts';
import { changeList } from '../edition/change-list.ts';
import { prepareEdition } from '../edition/prepare-edition.ts';
import { unsentPreviousNames } from '../edition/previously-check.ts';
import { gateEdition } from '../gate/run-gate.ts';
import type { GateResult } from '../gate/types.ts';
import { gateSummary, printGate } from './gate-report.ts';
import { editionSource, type FolderOptions, folders, type Runtime } from './runtime.ts';
import { senderSettings } from './send-command.ts';
import { openSendHistory } from './send-history.ts';

export interface CheckOptions extends FolderOptions {
  week?: string | undefined;
}

/**
 * `verdicts check`: every problem at once, each naming file and field; with `--week`, also the pre-send
 * gate on that week's rendered digest and the facts that changed since a sent edition last showed each
 * tool. Exit 1 when there are problems or gate errors.
 */
export async function checkCommand(runtime: Runtime, options: CheckOptions): Promise<number> {
  const { contentDir, issuesDir } = folders(runtime, options);
  const { siteUrl, timezone } = runtime.config;
  const content = loadContent(fileSystemContent, contentDir, { siteUrl, timezone });
  const notes = loadAllIssueNotes(fileSystemContent, issuesDir);
  const problems = [...content.problems, ...notes.problems];
  // Opened on the first question only: a check with no --week and no `previously` never reads it.
  const opened = openSendHistory(runtime);
  let weekLine = '';
  let gate: GateResult | undefined;
  let unsent: ContentProblem[] = [];
  try {
    unsent = await unsentPreviousNames(opened.history, content.comparisons);
    if (options.week) {
      const source = editionSource(runtime, options, opened.history);
      const prepared = await prepareEdition(source, options.week, runtime.clock());
      const seen = new Set(problems.map(formatProblem));
      problems.push(...prepared.problems.filter((problem) => !seen.has(formatProblem(problem))));
      weekLine = `; ${prepared.week.id}: ${prepared.assembled.comparisons.length} comparisons, ${Buffer.byteLength(prepared.rendered.html)} bytes of HTML`;
      if (prepared.assembled.comparisons.length > 0) {
        gate = gateEdition(prepared, senderSettings(runtime));
        weekLine += `; ${gateSummary(gate)}`;
        printChanges(runtime, prepared.week.id, changeList(prepared));
      }
    }
  } finally {
    await opened.close();
  }
  for (const problem of problems) runtime.stderr(formatProblem(problem));
  if (gate) printGate(runtime, gate);
  const sender = exampleSenderProblem(runtime.config.emailFrom);
  // A warning, not a problem: the outbox takes any sender; `send` through Resend refuses this one.
  if (sender)
    runtime.stderr(
      `warning: ${sender} (fine for the outbox; \`verdicts send\` with RESEND_API_KEY stops on it)`,
    );
  for (const warning of unsent) runtime.stderr(`warning: ${formatProblem(warning)}`);
  const total = problems.length + (gate?.errors.length ?? 0);
  if (total > 0) {
    runtime.stderr(`${total} ${total === 1 ? 'problem' : 'problems'} found; nothing was changed.`);
    return 1;
  }
  const drafts = content.comparisons.filter((c) => c.draft).length;
  runtime.stdout(
    `${contentDir}: ${content.comparisons.length} comparisons (${drafts} draft${drafts === 1 ? '' : 's'}), ${content.reviewers.length} reviewers, ${plural(notes.notes.length, 'issue note')}: no problems${weekLine}`,
  );
  return 0;
}

/** One line per tool and fact, so an editor can confirm each before the week is sent. */
function printChanges(runtime: Runtime, week: string, changes: ReturnType<typeof changeList>): void {
  if (changes.length === 0) {
    runtime.stdout(`${week}: no changes since the tools were last sent`);
    return;
  }
  runtime.stdout(`${week}: ${plural(changes.length, 'change')} since the tools were last sent`);
  for (const change of changes) runtime.stdout(`  ${change.tool} (${change.file}): ${change.line}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
