import type { GateContext } from './context.ts';
import { select } from './html.ts';
import type { GateFinding } from './types.ts';

const DANGEROUS = /^(javascript|vbscript|data|file):/i;

/**
 * Every link must be absolute: a mail client has no page to resolve `/compare/x` or `#top` against, so
 * relative links go nowhere. `javascript:` and friends are errors; plain http links are warnings (they
 * work, but some clients flag them and readers see "not secure"). The unsubscribe link is the
 * unsubscribe rule's business.
 */
export function checkLinks(context: GateContext): GateFinding[] {
  const findings: GateFinding[] = [];
  const unsubscribe = context.sample.headers['List-Unsubscribe']?.match(/<(https?:[^>]+)>/)?.[1];
  const seen = new Set<string>();
  // The template's own http links (unsubscribe, preferences, twenty vote links) share PUBLIC_URL: one
  // warning per site, not one per link.
  const templateHttp = new Map<string, string[]>();
  for (const link of select('a, area', context.document)) {
    const raw = link.attribs.href;
    const href = raw?.trim() ?? '';
    if (unsubscribe !== undefined && href === unsubscribe) continue;
    const problem = linkProblem(raw);
    if (!problem || seen.has(`${problem.severity}:${href}`)) continue;
    seen.add(`${problem.severity}:${href}`);
    for (const origin of context.originOf(href)) {
      if (origin.origin === 'template' && problem.severity === 'warning') {
        const site = new URL(href).origin;
        templateHttp.set(site, [...(templateHttp.get(site) ?? []), href]);
        continue;
      }
      findings.push({ rule: 'links', ...origin, severity: problem.severity, message: problem.message });
    }
  }
  for (const [site, hrefs] of templateHttp) {
    findings.push({
      rule: 'links',
      origin: 'template',
      severity: 'warning',
      message:
        hrefs.length === 1
          ? `link "${hrefs[0]}" is http, not https`
          : `${hrefs.length} links to ${site} are http, not https (the first: "${hrefs[0]}"; is PUBLIC_URL https?)`,
    });
  }
  return findings;
}

function linkProblem(
  raw: string | undefined,
): { severity: 'error' | 'warning'; message: string } | undefined {
  const href = raw?.trim() ?? '';
  if (raw === undefined) return { severity: 'error', message: 'a link has no href: it cannot be followed' };
  if (href === '') return { severity: 'error', message: 'a link has an empty address' };
  if (DANGEROUS.test(href)) {
    return { severity: 'error', message: `link "${href}" uses a scheme mail clients block` };
  }
  if (/^(mailto|tel):/i.test(href)) return undefined;
  if (!URL.canParse(href) || !/^https?:$/.test(new URL(href).protocol)) {
    return {
      severity: 'error',
      message: `link "${href}" is not absolute: write the full address (https://…), a mail client has no page to resolve it against`,
    };
  }
  if (new URL(href).protocol === 'http:') {
    return { severity: 'warning', message: `link "${href}" is http, not https` };
  }
  return undefined;
}
