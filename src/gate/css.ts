import type { HtmlElement } from './html.ts';

/**
 * Just enough CSS for the gate and the preview's dark view: style rules, one level of `@media`, inline
 * declarations, and selectors made of type, class, id and universal parts joined by descendant or child
 * combinators (plus `:first-child`/`:last-child`). Anything else never matches.
 */

export interface Declaration {
  property: string;
  value: string;
  important: boolean;
}

export interface StyleRule {
  selectors: string[];
  declarations: Declaration[];
  /** The `@media` condition the rule sits in, e.g. `(prefers-color-scheme:dark)`; absent at top level. */
  media?: string | undefined;
  /** Position in the document's style sheets, for the cascade. */
  order: number;
}

export function parseStyleSheets(sheets: readonly string[]): StyleRule[] {
  const rules: StyleRule[] = [];
  for (const sheet of sheets) collectRules(stripComments(sheet), undefined, rules);
  return rules;
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

function collectRules(css: string, media: string | undefined, into: StyleRule[]): void {
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open === -1) return;
    const prelude = css.slice(i, open).trim();
    const close = matchingBrace(css, open);
    const body = css.slice(open + 1, close);
    i = close + 1;
    if (prelude.startsWith('@media')) {
      collectRules(body, prelude.slice('@media'.length).trim(), into);
    } else if (prelude.startsWith('@')) {
      // @font-face, @supports, @import …: not needed by any rule here.
    } else if (prelude !== '') {
      into.push({
        selectors: splitTopLevel(prelude, ',')
          .map((s) => s.trim())
          .filter(Boolean),
        declarations: parseDeclarations(body),
        media,
        order: into.length,
      });
    }
  }
}

function matchingBrace(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  return css.length;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `color:#222;background-color:#fff!important` → declarations, property names lower-cased. */
export function parseDeclarations(source: string): Declaration[] {
  const declarations: Declaration[] = [];
  for (const part of splitTopLevel(stripComments(source), ';')) {
    const colon = part.indexOf(':');
    if (colon === -1) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    let value = part.slice(colon + 1).trim();
    const important = /!\s*important\s*$/i.test(value);
    if (important) value = value.replace(/!\s*important\s*$/i, '').trim();
    if (property && value) declarations.push({ property, value, important });
  }
  return declarations;
}

/** The environment a `@media` condition is evaluated in. */
export interface MediaEnvironment {
  width: number;
  scheme: 'light' | 'dark';
}

/**
 * Evaluates a media condition: `prefers-color-scheme`, `min-width`/`max-width` in px, `screen`/`all`,
 * joined by `and`, alternatives by commas. Unknown features are taken as not matching.
 */
export function mediaMatches(condition: string | undefined, env: MediaEnvironment): boolean {
  if (condition === undefined) return true;
  return splitTopLevel(condition, ',').some((query) =>
    query
      .split(/\band\b/i)
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean)
      .every((part) => {
        if (part === 'screen' || part === 'all' || part === 'only screen') return true;
        const feature = /^\(\s*([a-z-]+)\s*:\s*([^)]+?)\s*\)$/.exec(part);
        if (!feature) return false;
        const [, name, value] = feature as unknown as [string, string, string];
        if (name === 'prefers-color-scheme') return value === env.scheme;
        const px = /^(\d+(?:\.\d+)?)px$/.exec(value);
        if (!px) return false;
        if (name === 'max-width') return env.width <= Number(px[1]);
        if (name === 'min-width') return env.width >= Number(px[1]);
        return false;
      }),
  );
}

interface Compound {
  tag?: string | undefined;
  ids: string[];
  classes: string[];
  pseudos: string[];
  /** A part this reader does not understand: the selector never matches. */
  unsupported: boolean;
}

export interface ParsedSelector {
  /** Right-most compound first, each with the combinator that joins it to the next one on its left. */
  parts: Array<{ compound: Compound; combinator: ' ' | '>' | undefined }>;
  specificity: number;
}

export function parseSelector(selector: string): ParsedSelector {
  const tokens = selector
    .trim()
    .replace(/\s*>\s*/g, ' > ')
    .split(/\s+/);
  const parts: ParsedSelector['parts'] = [];
  let combinator: ' ' | '>' | undefined;
  let specificity = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] ?? '';
    if (token === '>') {
      combinator = '>';
      continue;
    }
    if (parts.length > 0) {
      const last = parts[parts.length - 1];
      if (last) last.combinator = combinator ?? ' ';
    }
    combinator = undefined;
    const compound = parseCompound(token);
    specificity += compound.ids.length * 10_000 + (compound.classes.length + compound.pseudos.length) * 100;
    if (compound.tag && compound.tag !== '*') specificity += 1;
    parts.push({ compound, combinator: undefined });
  }
  return { parts, specificity };
}

function parseCompound(token: string): Compound {
  const compound: Compound = { ids: [], classes: [], pseudos: [], unsupported: false };
  const pattern = /([.#:]?)(-?[_a-zA-Z][\w-]*|\*)|(.)/g;
  for (const match of token.matchAll(pattern)) {
    const [, prefix, name, other] = match;
    if (other !== undefined || name === undefined) {
      compound.unsupported = true;
      continue;
    }
    if (prefix === '.') compound.classes.push(name);
    else if (prefix === '#') compound.ids.push(name);
    else if (prefix === ':') {
      if (name === 'first-child' || name === 'last-child') compound.pseudos.push(name);
      else compound.unsupported = true;
    } else compound.tag = name.toLowerCase();
  }
  return compound;
}

export function selectorMatches(selector: ParsedSelector, element: HtmlElement): boolean {
  return matchFrom(selector.parts, 0, element);
}

function matchFrom(parts: ParsedSelector['parts'], index: number, element: HtmlElement): boolean {
  const part = parts[index];
  if (!part) return true;
  if (!compoundMatches(part.compound, element)) return false;
  if (index === parts.length - 1) return true;
  if (part.combinator === '>') {
    return element.parent !== undefined && matchFrom(parts, index + 1, element.parent);
  }
  for (let ancestor = element.parent; ancestor; ancestor = ancestor.parent) {
    if (matchFrom(parts, index + 1, ancestor)) return true;
  }
  return false;
}

function compoundMatches(compound: Compound, element: HtmlElement): boolean {
  if (compound.unsupported || element.tag.startsWith('#')) return false;
  if (compound.tag && compound.tag !== '*' && compound.tag !== element.tag) return false;
  if (compound.ids.length > 0 && !compound.ids.every((id) => element.attrs.id === id)) return false;
  if (compound.classes.length > 0) {
    const classes = (element.attrs.class ?? '').split(/\s+/);
    if (!compound.classes.every((name) => classes.includes(name))) return false;
  }
  for (const pseudo of compound.pseudos) {
    const siblings = element.parent?.children.filter((child) => child.kind === 'element') ?? [];
    const target = pseudo === 'first-child' ? siblings[0] : siblings[siblings.length - 1];
    if (target !== element) return false;
  }
  return true;
}

/**
 * The rules inside `@media (prefers-color-scheme: dark)` blocks, as plain CSS with no media query: what
 * a client that honours the query applies in dark mode.
 */
export function darkSchemeCss(sheets: readonly string[]): string {
  return parseStyleSheets(sheets)
    .filter((rule) => rule.media !== undefined && /prefers-color-scheme\s*:\s*dark/i.test(rule.media))
    .map(
      (rule) =>
        `${rule.selectors.join(',')}{${rule.declarations
          .map((d) => `${d.property}:${d.value}${d.important ? '!important' : ''}`)
          .join(';')}}`,
    )
    .join('');
}
