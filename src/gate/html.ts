/**
 * A small HTML reader for the gate: enough for the markup React Email and markdown-it produce (quoted
 * attributes, void elements, comments, `<style>` blocks), and forgiving of stray or missing end tags.
 * It builds a tree the rules can walk; it is not a general-purpose HTML5 parser.
 */

export interface HtmlElement {
  kind: 'element';
  /** Lower-case tag name. */
  tag: string;
  /** Lower-case attribute names; values with entities decoded. */
  attrs: Record<string, string>;
  children: HtmlNode[];
  parent: HtmlElement | undefined;
}

export interface HtmlText {
  kind: 'text';
  text: string;
  parent: HtmlElement | undefined;
}

export type HtmlNode = HtmlElement | HtmlText;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['style', 'script', 'title', 'textarea']);

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Parses a document or fragment into a synthetic root element (`tag: '#root'`). */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { kind: 'element', tag: '#root', attrs: {}, children: [], parent: undefined };
  let current = root;
  let i = 0;
  const pushText = (text: string) => {
    if (text !== '') current.children.push({ kind: 'text', text: decodeEntities(text), parent: current });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const close = /^<\/([a-zA-Z][\w:-]*)\s*>/.exec(html.slice(lt, lt + 64));
    if (close?.[1]) {
      const tag = close[1].toLowerCase();
      // Pop to the matching open element; an end tag with no open match is ignored.
      for (let node: HtmlElement | undefined = current; node && node !== root; node = node.parent) {
        if (node.tag === tag) {
          current = node.parent ?? root;
          break;
        }
      }
      i = lt + close[0].length;
      continue;
    }
    const open = /^<([a-zA-Z][\w:-]*)/.exec(html.slice(lt, lt + 64));
    if (!open?.[1]) {
      pushText('<');
      i = lt + 1;
      continue;
    }
    const end = findTagEnd(html, lt + open[0].length);
    const inside = html.slice(lt + open[0].length, end);
    const selfClosing = inside.trimEnd().endsWith('/');
    const tag = open[1].toLowerCase();
    const element: HtmlElement = {
      kind: 'element',
      tag,
      attrs: parseAttributes(selfClosing ? inside.trimEnd().slice(0, -1) : inside),
      children: [],
      parent: current,
    };
    current.children.push(element);
    i = end + 1;
    if (RAW_TEXT.has(tag) && !selfClosing) {
      const closing = html.toLowerCase().indexOf(`</${tag}`, i);
      const stop = closing === -1 ? html.length : closing;
      const raw = html.slice(i, stop);
      if (raw !== '')
        element.children.push({
          kind: 'text',
          text: tag === 'title' ? decodeEntities(raw) : raw,
          parent: element,
        });
      const after = closing === -1 ? html.length : html.indexOf('>', closing);
      i = after === -1 ? html.length : after + 1;
    } else if (!VOID.has(tag) && !selfClosing) {
      current = element;
    }
  }
  return root;
}

function findTagEnd(html: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < html.length; i++) {
    const char = html[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    }
  }
  return html.length;
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]?.toLowerCase();
    if (!name || name in attrs) continue;
    attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number(entity.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}

/** Every element under `node`, in document order. */
export function* elements(node: HtmlElement): Generator<HtmlElement> {
  for (const child of node.children) {
    if (child.kind === 'element') {
      yield child;
      yield* elements(child);
    }
  }
}

/** Text content of an element and its descendants. */
export function textOf(node: HtmlNode): string {
  if (node.kind === 'text') return node.text;
  return node.children.map(textOf).join('');
}

/** The CSS of every `<style>` element, in document order. */
export function styleSheets(root: HtmlElement): string[] {
  return [...elements(root)].filter((element) => element.tag === 'style').map(textOf);
}
