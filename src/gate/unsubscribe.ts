import { UNSUBSCRIBE_URL_PLACEHOLDER } from '../render/placeholders.ts';
import type { GateContext } from './context.ts';
import { parseHtml, select } from './html.ts';
import type { GateFinding } from './types.ts';

/**
 * Every message needs a visible unsubscribe link (HTML and text) and the RFC 8058 headers Gmail and
 * Yahoo require of bulk senders: `List-Unsubscribe: <https://…>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, pointing at the same link as the body.
 */
export function checkUnsubscribe(context: GateContext): GateFinding[] {
  const findings: GateFinding[] = [];
  const error = (message: string) =>
    findings.push({ rule: 'unsubscribe', severity: 'error', origin: 'template', message });
  const { rendered, sample } = context;
  // The edition as rendered, before personalization, still carries the placeholder as the link.
  const inHtml = select('a', parseHtml(rendered.html)).some(
    (link) => link.attribs.href === UNSUBSCRIBE_URL_PLACEHOLDER,
  );
  if (!inHtml) error('the HTML has no unsubscribe link');
  if (!rendered.text.includes(UNSUBSCRIBE_URL_PLACEHOLDER))
    error('the plain-text version has no unsubscribe link');
  const header = sample.headers['List-Unsubscribe'];
  const headerUrl = header?.match(/<(https?:[^>]+)>/)?.[1];
  if (!header) error('the List-Unsubscribe header is missing');
  else if (!headerUrl) error(`the List-Unsubscribe header "${header}" has no http(s) link in angle brackets`);
  if (sample.headers['List-Unsubscribe-Post'] !== 'List-Unsubscribe=One-Click') {
    error('the List-Unsubscribe-Post header must be "List-Unsubscribe=One-Click" (RFC 8058 one-click)');
  }
  if (inHtml && headerUrl && select('a', context.document).every((link) => link.attribs.href !== headerUrl)) {
    error('the unsubscribe link in the HTML differs from the List-Unsubscribe header');
  }
  if (headerUrl && URL.canParse(headerUrl)) {
    const url = new URL(headerUrl);
    const local = /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname);
    if (url.protocol !== 'https:' || local) {
      findings.push({
        rule: 'unsubscribe',
        severity: 'warning',
        origin: 'configuration',
        field: 'PUBLIC_URL',
        message: `unsubscribe links point to ${url.origin}${local ? ', which subscribers cannot reach' : ''}${url.protocol !== 'https:' ? '; Gmail and Yahoo expect one-click unsubscribe over https' : ''}: set PUBLIC_URL to the public https address of \`verdicts serve\``,
      });
    }
  }
  return findings;
}
