import { formatFinding, type GateResult } from '../gate/types.ts';
import type { Runtime } from './runtime.ts';

/**
 * Prints the gate's findings on stderr: errors as `file: field: message [rule]` (like content problems),
 * warnings prefixed with `warning:`; supporting details indented under them unless `details` is false.
 */
export function printGate(runtime: Runtime, gate: GateResult, { details = true } = {}): void {
  for (const finding of gate.errors) {
    runtime.stderr(formatFinding(finding));
    if (details) for (const detail of finding.details ?? []) runtime.stderr(`  - ${detail}`);
  }
  for (const finding of gate.warnings) {
    runtime.stderr(`warning: ${formatFinding(finding)}`);
    if (details) for (const detail of finding.details ?? []) runtime.stderr(`  - ${detail}`);
  }
}

/** "gate: 2 errors, 1 warning" */
export function gateSummary(gate: GateResult): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `gate: ${count(gate.errors.length, 'error')}, ${count(gate.warnings.length, 'warning')}`;
}
