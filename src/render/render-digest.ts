import { render } from '@react-email/render';
import { createElement } from 'react';
import Digest from '../../templates/digest/Digest.tsx';
import type { Digest as DigestModel } from './digest-model.ts';

/**
 * Renders the digest email to HTML: one minified document, the same bytes for the same input. Never
 * prettified (that multiplies the size and pushes long issues past Gmail's clipping limit). Rejects when
 * a template throws.
 */
export async function renderDigestHtml(digest: DigestModel): Promise<string> {
  return render(createElement(Digest, { digest }));
}
