import type { GateContext } from './context.ts';
import { type GateFinding, GMAIL_CLIP_BYTES, SIZE_WARNING_BYTES } from './types.ts';

/** "101.2 KB" (1 KB = 1024 bytes, as Gmail counts). */
export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * Gmail clips HTML larger than 102 KB behind "[Message clipped] View entire message", hiding the end of
 * the issue and the unsubscribe link. Measured on the message personalized for the longest address and
 * a real token, so no subscriber's copy is larger than what was checked.
 */
export function checkSize(context: GateContext): GateFinding[] {
  const bytes = Buffer.byteLength(context.sample.html);
  const count = context.sources.comparisons.length;
  const advice = `${count} comparison${count === 1 ? '' : 's'}: move one to another week (exclude in the issue note) or shorten the longest quotes`;
  if (bytes > GMAIL_CLIP_BYTES) {
    return [
      {
        rule: 'size',
        severity: 'error',
        origin: 'content',
        file: context.sources.note?.file,
        message: `the HTML is ${formatKb(bytes)} for the longest address, over Gmail's ${formatKb(GMAIL_CLIP_BYTES)} clipping limit: Gmail would cut the issue and its unsubscribe link; ${advice}`,
      },
    ];
  }
  if (bytes > SIZE_WARNING_BYTES) {
    return [
      {
        rule: 'size',
        severity: 'warning',
        origin: 'content',
        file: context.sources.note?.file,
        message: `the HTML is ${formatKb(bytes)}, close to Gmail's ${formatKb(GMAIL_CLIP_BYTES)} clipping limit; ${advice}`,
      },
    ];
  }
  return [];
}
