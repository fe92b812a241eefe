import type { PreparedEdition } from '../edition/prepare-edition.ts';
import { personalize, type RenderedEdition, type SenderSettings } from '../send/personalize.ts';
import type { OutgoingMessage } from '../send/transport.ts';
import type { Recipient } from '../subscribers/recipient.ts';
import { type CompatibilityScan, checkCompatibility, scanCompatibility } from './compatibility.ts';
import type { GateContext } from './context.ts';
import { checkContrast } from './contrast.ts';
import { parseHtml } from './html.ts';
import { checkImages } from './images.ts';
import { checkLinks } from './links.ts';
import { type GateSources, originIndex } from './origins.ts';
import { checkSize } from './size.ts';
import { formatFinding, type GateFinding, type GateResult, splitBySeverity } from './types.ts';
import { checkUnsubscribe } from './unsubscribe.ts';

export interface GateInput {
  /** The edition as rendered once, with recipient placeholders. */
  rendered: RenderedEdition;
  /** The edition personalized for the longest plausible recipient (see `worstCaseRecipient`). */
  sample: OutgoingMessage;
  sources: GateSources;
  /** caniemail scan; injectable so a long-running preview can memoize it. */
  scan?: CompatibilityScan | undefined;
}

/**
 * The pre-send gate: size, client compatibility, contrast, images, links and unsubscribe, over one
 * rendered edition. Pure apart from the CPU it takes (~100 ms, most of it caniemail). The same function
 * runs in `verdicts check --week`, before `verdicts send` and in the editor preview.
 */
export function runGate(input: GateInput): GateResult {
  const context: GateContext = {
    rendered: input.rendered,
    sample: input.sample,
    document: parseHtml(input.sample.html),
    sources: input.sources,
    originOf: originIndex(input.sources),
  };
  const findings: GateFinding[] = [
    ...checkSize(context),
    ...checkUnsubscribe(context),
    ...checkLinks(context),
    ...checkImages(context),
    ...checkContrast(context),
    ...checkCompatibility(context, input.scan ?? scanCompatibility),
  ];
  const seen = new Set<string>();
  const unique = findings.filter((finding) => {
    const key = `${finding.severity} ${formatFinding(finding)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return splitBySeverity(unique);
}

/**
 * The recipient whose message is the largest: a 254-character address (the longest SMTP allows) and a
 * subscriber id as long as any the database hands out, so the unsubscribe token has its full length.
 */
export function worstCaseRecipient(): Recipient {
  const local = 'x'.repeat(64);
  const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(57)}.com`;
  return { subscriberId: 2_147_483_647, email: `${local}@${domain}` };
}

/** Runs the gate on a prepared edition, personalizing it for the worst-case recipient first. */
export function gateEdition(
  prepared: Pick<PreparedEdition, 'rendered' | 'assembled' | 'digest'>,
  settings: SenderSettings,
  scan?: CompatibilityScan,
): GateResult {
  return runGate({
    rendered: prepared.rendered,
    sample: personalize(prepared.rendered, worstCaseRecipient(), settings),
    sources: {
      comparisons: prepared.assembled.comparisons,
      note: prepared.assembled.note,
      introHtml: prepared.digest.intro?.html,
      siteUrl: prepared.digest.siteUrl,
      publicUrl: settings.publicUrl,
    },
    scan,
  });
}
