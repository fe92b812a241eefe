import { DateTime } from 'luxon';
import type { Comparison, ContentProblem } from '../content/types.ts';
import { type IsoWeek, nextWeek, previousWeek, weekContaining, weekContains } from '../content/week.ts';
import { changesByTool } from '../edition/change-list.ts';
import { webCopy } from '../edition/web-copy.ts';
import { worstCaseRecipient } from '../gate/run-gate.ts';
import { formatKb } from '../gate/size.ts';
import { type GateFinding, GMAIL_CLIP_BYTES, SIZE_WARNING_BYTES } from '../gate/types.ts';
import { personalize } from '../send/personalize.ts';
import { forceDarkScheme } from './dark-view.ts';
import type { EditionState, PreviewSource } from './load-edition.ts';
import { type ViewOptions, viewHref } from './view-options.ts';

/** A test-send outcome carried back to the page in the query string (post/redirect/get). */
export interface TestSendNotice {
  tone: 'ok' | 'error';
  text: string;
}

export interface EditionPageInput {
  state: EditionState;
  /** `/week/2026-W48` or `/draft/<slug>`. */
  basePath: string;
  kind: 'week' | 'draft';
  options: ViewOptions;
  ctx: PreviewSource;
  /** Where test copies go, for the form's hint: "the outbox folder out/outbox/2026-W48-test/". */
  transportLabel: string;
  notice?: TestSendNotice | undefined;
  /** The address last sent to, to fill the form again. */
  lastAddress?: string | undefined;
}

/** Everything templates/preview/edition.hbs shows. */
export function editionPage(input: EditionPageInput) {
  const { state, basePath, kind, options, ctx } = input;
  const { prepared, week, gate } = state;
  const timezone = ctx.source.timezone;
  const comparisons = prepared?.assembled.comparisons ?? [];
  const hasEmail = Boolean(prepared) && comparisons.length > 0;
  const draft = kind === 'draft' ? comparisons[0] : undefined;
  const problems = state.problems;
  const errors = gate?.errors ?? [];
  const warnings = gate?.warnings ?? [];
  const sample =
    prepared && hasEmail ? personalize(prepared.rendered, worstCaseRecipient(), ctx.sender) : undefined;
  const bytes = sample ? Buffer.byteLength(sample.html) : 0;
  const from = parseFrom(ctx.sender.from);
  const blockedBy = [
    problems.length > 0 ? plural(problems.length, 'content problem') : '',
    errors.length > 0 ? plural(errors.length, 'gate error') : '',
  ].filter(Boolean);
  return {
    kind,
    isDraft: draft?.draft ?? false,
    title: draft ? `${draft.draft ? 'Draft' : 'Comparison'}: ${draft.title}` : week.id,
    heading: draft ? draft.title : week.id,
    weekLabel: relativeWeekLabel(week, ctx.clock(), timezone),
    subheading: draft
      ? `Dated ${formatDate(draft.publishedAt, timezone)} (${week.id}) · ${draft.file}`
      : `${prepared?.digest.rangeLabel ?? week.id} · ${plural(comparisons.length, 'comparison')}${prepared?.assembled.note ? ` · note ${prepared.assembled.note.file}` : ''}`,
    nav:
      kind === 'week'
        ? {
            prev: {
              href: `/week/${previousWeek(week, timezone).id}`,
              label: previousWeek(week, timezone).id,
            },
            next: { href: `/week/${nextWeek(week, timezone).id}`, label: nextWeek(week, timezone).id },
          }
        : { week: { href: `/week/${week.id}`, label: week.id } },
    status: status(draft, problems.length, errors.length, warnings.length, hasEmail),
    problems: groupProblems(problems),
    checks: gate
      ? {
          errors: groupFindings(errors),
          warnings: groupFindings(warnings),
          errorCount: errors.length,
          warningCount: warnings.length,
          passed: errors.length === 0,
          outcome: draft ? 'It would pass in its week’s issue.' : 'Sending would go ahead.',
        }
      : undefined,
    inbox:
      prepared && hasEmail
        ? inboxRow(from, prepared.rendered.subject, prepared.rendered.preheader)
        : undefined,
    size: sample ? sizeMeter(bytes) : undefined,
    comparisons: comparisons.map((comparison) => ({
      title: comparison.title,
      slug: comparison.slug,
      file: comparison.file,
      published: formatDate(comparison.publishedAt, timezone),
      featured: comparison.slug === prepared?.assembled.featured,
      draft: comparison.draft,
      href: `/draft/${comparison.slug}`,
    })),
    draftsThisWeek: kind === 'week' && prepared ? draftsIn(prepared.content.comparisons, week, timezone) : [],
    // The email's change lines, listed for the editor to confirm before the week is sent.
    changes: prepared && hasEmail ? changesByTool(prepared) : [],
    hasEmail,
    toolbar: hasEmail
      ? {
          widths: ([600, 375] as const).map((width) => ({
            label: width === 600 ? 'Desktop' : 'Mobile',
            detail: `${width} px`,
            href: viewHref(basePath, options, { width }),
            active: options.width === width && options.view === 'html',
            name: `width-${width}`,
          })),
          schemes: (['light', 'dark'] as const).map((scheme) => ({
            label: scheme === 'light' ? 'Light' : 'Dark',
            href: viewHref(basePath, options, { scheme }),
            active: options.scheme === scheme && options.view === 'html',
            name: `scheme-${scheme}`,
          })),
          views: (['html', 'text'] as const).map((view) => ({
            label: view === 'html' ? 'HTML' : 'Plain text',
            href: viewHref(basePath, options, { view }),
            active: options.view === view,
            name: `view-${view}`,
          })),
        }
      : undefined,
    frame:
      hasEmail && prepared
        ? {
            text: options.view === 'text' ? webCopy(prepared.rendered, ctx.sender.publicUrl).text : undefined,
            // Inline (srcdoc), not a URL: every preview answer refuses to be framed, its own email too.
            srcdoc: options.view === 'html' ? emailDocument(prepared, ctx, options.scheme) : undefined,
            width: options.width,
            scheme: options.scheme,
            textHref: `${basePath}/email.txt`,
            htmlHref: `${basePath}/email.html${options.scheme === 'dark' ? '?scheme=dark' : ''}`,
          }
        : undefined,
    testSend: hasEmail
      ? {
          action: `${basePath}/test-send`,
          blocked: blockedBy.length > 0 ? blockedBy.join(' and ') : undefined,
          transportLabel: input.transportLabel,
          notice: input.notice,
          lastAddress: input.lastAddress ?? '',
        }
      : undefined,
  };
}

export type EditionPage = ReturnType<typeof editionPage>;

/** The email as the frame shows it: the web copy, in the dark palette when asked. */
function emailDocument(
  prepared: NonNullable<EditionState['prepared']>,
  ctx: PreviewSource,
  scheme: ViewOptions['scheme'],
): string {
  const { html } = webCopy(prepared.rendered, ctx.sender.publicUrl);
  return scheme === 'dark' ? forceDarkScheme(html) : html;
}

function status(
  single: Comparison | undefined,
  problems: number,
  errors: number,
  warnings: number,
  hasEmail: boolean,
): { tone: string; label: string } {
  if (problems > 0) {
    return {
      tone: 'error',
      label: single
        ? `${plural(problems, 'content problem')} in this comparison`
        : `${plural(problems, 'content problem')}: sending is blocked until they are fixed`,
    };
  }
  if (!hasEmail) return { tone: 'empty', label: 'No comparisons: nothing will be sent this week' };
  if (errors > 0) return { tone: 'error', label: `${plural(errors, 'gate error')} block sending` };
  if (single) {
    const passes = `passes the gate${warnings ? ` with ${plural(warnings, 'warning')}` : ''}`;
    return single.draft
      ? { tone: 'draft', label: `Draft, never sent: ${passes}` }
      : { tone: 'ok', label: `Shown on its own: ${passes}` };
  }
  return warnings > 0
    ? { tone: 'warn', label: `Ready to send, with ${plural(warnings, 'warning')}` }
    : { tone: 'ok', label: 'Ready to send' };
}

/** Problems by file, in file order, each `field: message`. */
export function groupProblems(problems: readonly ContentProblem[]) {
  const groups = new Map<string, { field: string; message: string }[]>();
  for (const problem of problems) {
    const list = groups.get(problem.file) ?? [];
    list.push({ field: problem.field, message: problem.message });
    groups.set(problem.file, list);
  }
  return [...groups].map(([file, items]) => ({ file, items }));
}

/** Findings by where they come from: each content file, then the template, then settings. */
function groupFindings(findings: readonly GateFinding[]) {
  const groups = new Map<string, { label: string; isFile: boolean; order: number; items: object[] }>();
  for (const finding of findings) {
    const label =
      finding.origin === 'template'
        ? 'Digest template'
        : finding.origin === 'configuration'
          ? 'Settings'
          : (finding.file ?? 'Content');
    const order = finding.origin === 'content' ? 0 : finding.origin === 'template' ? 1 : 2;
    const group = groups.get(label) ?? {
      label,
      isFile: finding.origin === 'content' && finding.file !== undefined,
      order,
      items: [],
    };
    group.items.push({
      rule: finding.rule,
      field: finding.field,
      message: finding.message,
      details: finding.details,
      severity: finding.severity,
    });
    groups.set(label, group);
  }
  return [...groups.values()].sort((a, b) => a.order - b.order);
}

function inboxRow(from: { name: string; address: string }, subject: string, preheader: string) {
  return {
    fromName: from.name,
    fromAddress: from.address,
    subject,
    preheader,
    subjectLength: [...subject].length,
    preheaderLength: [...preheader].length,
    subjectLong: [...subject].length > 60,
  };
}

function sizeMeter(bytes: number) {
  const tone = bytes > GMAIL_CLIP_BYTES ? 'error' : bytes > SIZE_WARNING_BYTES ? 'warn' : 'ok';
  return {
    label: formatKb(bytes),
    limit: formatKb(GMAIL_CLIP_BYTES),
    percent: Math.min(100, Math.round((bytes / GMAIL_CLIP_BYTES) * 1000) / 10),
    warnPercent: Math.round((SIZE_WARNING_BYTES / GMAIL_CLIP_BYTES) * 1000) / 10,
    bytes,
    tone,
    headroom: bytes <= GMAIL_CLIP_BYTES ? formatKb(GMAIL_CLIP_BYTES - bytes) : undefined,
  };
}

function draftsIn(all: readonly Comparison[], week: IsoWeek, timezone: string) {
  return all
    .filter((comparison) => comparison.draft && weekContains(week, DateTime.fromISO(comparison.publishedAt)))
    .map((comparison) => ({
      title: comparison.title,
      slug: comparison.slug,
      file: comparison.file,
      published: formatDate(comparison.publishedAt, timezone),
      href: `/draft/${comparison.slug}`,
    }));
}

/** "Weekly Verdicts <digest@x>" → name and address; a bare address is its own name. */
export function parseFrom(from: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match?.[2]) return { name: match[1]?.trim() || match[2], address: match[2] };
  return { name: from.trim(), address: from.trim() };
}

/** "This week", "Next week", "Last week", or nothing. */
export function relativeWeekLabel(week: IsoWeek, now: Date, timezone: string): string | undefined {
  const current = weekContaining(now, timezone);
  if (week.id === current.id) return 'This week';
  if (week.id === nextWeek(current, timezone).id) return 'Next week';
  if (week.id === previousWeek(current, timezone).id) return 'Last week';
  return undefined;
}

export function formatDate(instant: string, timezone: string): string {
  return DateTime.fromISO(instant).setZone(timezone).toFormat('ccc d LLL yyyy');
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
