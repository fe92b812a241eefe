import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../render/placeholders.ts';
import type { RenderedEdition } from '../send/personalize.ts';

/**
 * The edition with no personal values: for build output, previews and the public archive. Its size
 * stays within a few bytes of a real recipient's message.
 */
export function webCopy(rendered: RenderedEdition, publicUrl: string): { html: string; text: string } {
  const link = `${publicUrl}/unsubscribe`;
  const replace = (body: string) =>
    body.replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, link).replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, 'you');
  return { html: replace(rendered.html), text: replace(rendered.text) };
}
