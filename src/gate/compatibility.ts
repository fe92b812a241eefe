import { doIUseEmail } from '@jsx-email/doiuse-email';
import { gracefulFeatures } from '../../templates/digest/compatibility.ts';
import type { GateContext } from './context.ts';
import type { GateFinding } from './types.ts';

/** The clients the gate checks, as caniemail globs: every Gmail, Apple Mail and Outlook variant. */
export const CHECKED_CLIENTS = ['gmail.*', 'apple-mail.*', 'outlook.*'];

const CLIENT_NAMES: Record<string, string> = {
  'gmail.desktop-webmail': 'Gmail (web)',
  'gmail.ios': 'Gmail (iOS)',
  'gmail.android': 'Gmail (Android)',
  'gmail.mobile-webmail': 'Gmail (mobile web)',
  'apple-mail.macos': 'Apple Mail (macOS)',
  'apple-mail.ios': 'Apple Mail (iOS)',
  'outlook.windows': 'Outlook (Windows)',
  'outlook.windows-mail': 'Windows Mail',
  'outlook.macos': 'Outlook (macOS)',
  'outlook.ios': 'Outlook (iOS)',
  'outlook.android': 'Outlook (Android)',
  'outlook.outlook-com': 'Outlook.com',
};

/** A caniemail feature the HTML uses that some checked clients do not support at all. */
export interface UnsupportedFeature {
  feature: string;
  clients: string[];
}

/** Features in `html` with no support in at least one checked client, per caniemail's data. */
export type CompatibilityScan = (html: string) => UnsupportedFeature[];

const NOT_SUPPORTED = /^`(.+)` is not supported by `([^`]+)`$/;

/** Runs caniemail's data (through @jsx-email/doiuse-email) over the HTML. */
export function scanCompatibility(html: string): UnsupportedFeature[] {
  const result = doIUseEmail(html, { emailClients: CHECKED_CLIENTS });
  const byFeature = new Map<string, Set<string>>();
  for (const message of result.success ? [] : result.errors) {
    const match = NOT_SUPPORTED.exec(message);
    if (!match?.[1] || !match[2]) continue;
    const clients = byFeature.get(match[1]) ?? new Set<string>();
    clients.add(match[2]);
    byFeature.set(match[1], clients);
  }
  return [...byFeature].map(([feature, clients]) => ({ feature, clients: [...clients] }));
}

export function clientName(id: string): string {
  return CLIENT_NAMES[id] ?? id;
}

/**
 * Client compatibility from caniemail data. A feature some checked client does not support at all is
 * an error, unless the template lists it in `templates/digest/compatibility.ts` as degrading gracefully;
 * those are summed up in one warning. Partial support is not reported: caniemail's notes on it concern
 * details (negative margins, `rem` sizes) the template does not use. Features that appear only in the
 * editor's intro are reported against the issue note.
 */
export function checkCompatibility(
  context: GateContext,
  scan: CompatibilityScan = scanCompatibility,
  graceful: Readonly<Record<string, string>> = gracefulFeatures,
): GateFinding[] {
  const findings: GateFinding[] = [];
  let unsupported: UnsupportedFeature[];
  let fromIntro: Set<string>;
  try {
    unsupported = scan(context.sample.html);
    const intro = context.sources.introHtml;
    fromIntro = new Set(intro && context.sources.note ? scan(intro).map((item) => item.feature) : []);
  } catch (error) {
    return [
      {
        rule: 'compatibility',
        severity: 'warning',
        origin: 'template',
        message: `the caniemail check could not run: ${error instanceof Error ? error.message : String(error)}`,
      },
    ];
  }
  const degrading: string[] = [];
  for (const { feature, clients } of unsupported) {
    const names = clients.map(clientName).join(', ');
    const reason = graceful[feature];
    if (reason !== undefined && !fromIntro.has(feature)) {
      degrading.push(`${feature} — not in ${names}: ${reason}`);
      continue;
    }
    const where = fromIntro.has(feature)
      ? { origin: 'content' as const, file: context.sources.note?.file, field: 'intro' }
      : { origin: 'template' as const };
    findings.push({
      rule: 'compatibility',
      ...where,
      severity: reason === undefined ? 'error' : 'warning',
      message: `\`${feature}\` is not supported by ${names} (caniemail)${reason === undefined ? '' : `: ${reason}`}`,
    });
  }
  if (degrading.length > 0) {
    findings.push({
      rule: 'compatibility',
      severity: 'warning',
      origin: 'template',
      message: `${degrading.length} feature${degrading.length === 1 ? '' : 's'} the template uses are missing in some of Gmail, Apple Mail and Outlook but degrade gracefully (templates/digest/compatibility.ts)`,
      details: degrading,
    });
  }
  return findings;
}
