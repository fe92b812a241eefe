/** The pre-send gate's rules, one file each under src/gate/. */
export type GateRule = 'size' | 'compatibility' | 'contrast' | 'images' | 'links' | 'unsubscribe';

export type GateSeverity = 'error' | 'warning';

/** Where a finding comes from: a content file the editor can fix, the digest template, or the settings. */
export type GateOrigin = 'content' | 'template' | 'configuration';

/**
 * One thing the gate found. Content findings name the file and field (`content/comparisons/x.md`,
 * `tools[0].url`; or `issues/2026-W48.md`, `intro`); configuration findings name the variable in
 * `field` (`PUBLIC_URL`).
 */
export interface GateFinding {
  rule: GateRule;
  severity: GateSeverity;
  origin: GateOrigin;
  message: string;
  file?: string | undefined;
  field?: string | undefined;
  /** Slug of the comparison the finding belongs to. */
  comparison?: string | undefined;
  /** Supporting lines (affected clients, examples), shown under the message in the preview. */
  details?: string[] | undefined;
}

export interface GateResult {
  errors: GateFinding[];
  warnings: GateFinding[];
}

/** Gmail clips a message whose HTML is larger than this, hiding the rest (and the unsubscribe link). */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Above this the gate warns: one more long comparison may tip the issue over the clipping limit. */
export const SIZE_WARNING_BYTES = 90 * 1024;

/** `issues/2026-W48.md: intro: …`, `digest template: …`, `PUBLIC_URL: …`; with `[rule]` at the end. */
export function formatFinding(finding: GateFinding): string {
  const where =
    finding.origin === 'template'
      ? 'digest template'
      : [finding.file, finding.field].filter((part) => part !== undefined && part !== '').join(': ');
  return `${where ? `${where}: ` : ''}${finding.message} [${finding.rule}]`;
}

export function splitBySeverity(findings: readonly GateFinding[]): GateResult {
  return {
    errors: findings.filter((finding) => finding.severity === 'error'),
    warnings: findings.filter((finding) => finding.severity === 'warning'),
  };
}
