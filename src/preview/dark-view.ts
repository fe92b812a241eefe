import { parseDocument } from 'htmlparser2';
import { darkSchemeCss } from '../gate/css.ts';
import { select, styleSheets } from '../gate/html.ts';

/**
 * The email as a client in dark mode paints it (Apple Mail, Outlook.com, …): the rules of its
 * `@media (prefers-color-scheme: dark)` blocks applied unconditionally, whatever the viewer's own
 * setting. Gmail's apps invert colours by their own rules instead, which no preview can reproduce.
 */
export function forceDarkScheme(html: string): string {
  const document = parseDocument(html, { withEndIndices: true });
  const css = darkSchemeCss(styleSheets(document));
  const injected = `<meta name="color-scheme" content="dark"/><style data-preview="dark">:root{color-scheme:dark}${css}</style>`;
  // The new rules go last in the head, so they win over the email's own; the head ends at its end tag's "<".
  const head = select('head', document)[0];
  const at = head?.endIndex == null ? -1 : html.lastIndexOf('<', head.endIndex);
  return at === -1 ? `${injected}${html}` : `${html.slice(0, at)}${injected}${html.slice(at)}`;
}
