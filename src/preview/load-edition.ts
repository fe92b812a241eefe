import { loadIssueNote } from '../content/issue-note.ts';
import { loadContent } from '../content/load.ts';
import type { ContentProblem } from '../content/types.ts';
import { type IsoWeek, nextWeek, resolveWeek, weekContaining } from '../content/week.ts';
import {
  type DigestRenderer,
  type EditionSource,
  type PreparedEdition,
  prepareComparisonEdition,
  prepareEdition,
} from '../edition/prepare-edition.ts';
import type { CompatibilityScan } from '../gate/compatibility.ts';
import { gateEdition } from '../gate/run-gate.ts';
import type { GateResult } from '../gate/types.ts';
import type { SenderSettings } from '../send/personalize.ts';

/** What the preview reads on every request; content is re-read each time, so fixes show at once. */
export interface PreviewSource {
  source: EditionSource;
  sender: SenderSettings;
  clock: () => Date;
  render: DigestRenderer;
  scan: CompatibilityScan;
}

/** A week or a single comparison, rendered and gated, or the reasons it could not be. */
export interface EditionState {
  week: IsoWeek;
  prepared?: PreparedEdition | undefined;
  /** Content problems, plus the template's failure to render if it failed. */
  problems: ContentProblem[];
  /** Absent when there is nothing to send (no comparisons) or nothing rendered. */
  gate?: GateResult | undefined;
}

/** The file named in a render failure: the digest template. */
export const TEMPLATE_FILE = 'templates/digest/Digest.tsx';

/**
 * Loads a week: an ISO week id, `current`, `latest` or `next`. A malformed id is answered with
 * `undefined` (the route says 404). `gate: false` skips the checks (the email routes only render).
 */
export async function loadWeekEdition(
  ctx: PreviewSource,
  weekId: string,
  { gate = true } = {},
): Promise<EditionState | undefined> {
  const { timezone } = ctx.source;
  const week =
    weekId === 'next'
      ? nextWeek(weekContaining(ctx.clock(), timezone), timezone)
      : resolveWeek(weekId, ctx.clock(), timezone);
  if ('error' in week) return undefined;
  try {
    const prepared = await prepareEdition(ctx.source, week.id, ctx.clock(), ctx.render);
    const state = { week, prepared, problems: prepared.problems };
    return gate ? withGate(ctx, state) : state;
  } catch (error) {
    const content = loadContent(ctx.source.files, ctx.source.contentDir, ctx.source);
    const note = loadIssueNote(ctx.source.files, ctx.source.issuesDir, week.id);
    return { week, problems: [...content.problems, ...note.problems, renderFailure(error)] };
  }
}

/** Loads one comparison as a digest of its own; `undefined` when no file has that slug. `gate: false`
 * skips the checks (the email routes only need the rendered edition). */
export async function loadComparisonEdition(
  ctx: PreviewSource,
  slug: string,
  { gate = true } = {},
): Promise<(EditionState & { slug: string }) | { slug: string; problems: ContentProblem[] } | undefined> {
  let result: Awaited<ReturnType<typeof prepareComparisonEdition>>;
  try {
    result = await prepareComparisonEdition(ctx.source, slug, ctx.render);
  } catch (error) {
    const content = loadContent(ctx.source.files, ctx.source.contentDir, ctx.source);
    return { slug, problems: [...content.problems, renderFailure(error)] };
  }
  const { content, prepared } = result;
  // Only this comparison's file and the reviewer list can break a one-comparison digest.
  const relevant = (file: string | undefined) =>
    content.problems.filter((problem) => problem.file === file || problem.file.endsWith('reviewers.yaml'));
  if (!prepared) {
    // The file may exist but be invalid: its problems are the page.
    const own = content.problems.find((problem) => fileSlug(problem.file) === slug);
    return own ? { slug, problems: relevant(own.file) } : undefined;
  }
  const state = {
    week: prepared.week,
    prepared,
    problems: relevant(prepared.assembled.comparisons[0]?.file),
  };
  return { slug, ...(gate ? withGate(ctx, state) : state) };
}

function withGate(ctx: PreviewSource, state: EditionState): EditionState {
  const { prepared } = state;
  if (!prepared || prepared.assembled.comparisons.length === 0) return state;
  return { ...state, gate: gateEdition(prepared, ctx.sender, ctx.scan) };
}

function renderFailure(error: unknown): ContentProblem {
  // esbuild puts the file, line and cause on the lines after "Transform failed with 1 error:".
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const message = text.length > 500 ? `${text.slice(0, 499)}…` : text;
  return { file: TEMPLATE_FILE, field: '', message: `the digest failed to render: ${message}` };
}

/** `content/comparisons/foo.md` → `foo`. */
export function fileSlug(file: string): string {
  return (file.split(/[\\/]/).pop() ?? '').replace(/\.md$/, '');
}
