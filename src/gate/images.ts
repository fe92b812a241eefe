import type { GateContext } from './context.ts';
import { select } from './html.ts';
import type { GateFinding } from './types.ts';

/**
 * Images load from absolute https URLs (clients block or proxy anything else, and a relative path has
 * no server to come from) and carry alt text, which is what most readers see first: many clients block
 * images until asked. An empty `alt` marks an image as decorative: allowed, with a warning.
 */
export function checkImages(context: GateContext): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const image of select('img', context.document)) {
    const src = image.attribs.src?.trim() ?? '';
    const origins = context.originOf(src);
    const report = (severity: 'error' | 'warning', message: string) => {
      for (const origin of origins) findings.push({ rule: 'images', ...origin, severity, message });
    };
    if (src === '') {
      report('error', 'an image has no src');
    } else if (!URL.canParse(src) || new URL(src).protocol !== 'https:') {
      report(
        'error',
        `image "${src}" must load from an absolute https URL: clients block or cannot resolve anything else`,
      );
    }
    const alt = image.attribs.alt;
    if (alt === undefined) {
      report('error', `image "${src}" has no alt text: readers with images blocked see nothing`);
    } else if (alt.trim() === '') {
      report('warning', `image "${src}" has empty alt text, so it is treated as decorative`);
    }
  }
  return findings;
}
