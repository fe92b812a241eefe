import { darkSchemeCss } from '../gate/css.ts';
import { parseHtml, styleSheets } from '../gate/html.ts';

/**
 * The email as a client in dark mode paints it (Apple Mail, Outlook.com, …): the rules of its
 * `@media (prefers-color-scheme: dark)` blocks applied unconditionally, whatever the viewer's own
 * setting. Gmail's apps invert colours by their own rules instead, which no preview can reproduce.
 */
export function forceDarkScheme(html: string): string {
  const css = darkSchemeCss(styleSheets(parseHtml(html)));
  const injected = `<meta name="color-scheme" content="dark"/><style data-preview="dark">:root{color-scheme:dark}${css}</style>`;
  const head = html.search(/<\/head>/i);
  return head === -1 ? `${injected}${html}` : `${html.slice(0, head)}${injected}${html.slice(head)}`;
}
