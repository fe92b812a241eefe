import { compile } from 'css-select';
import { parse as parseSelectorTokens, type Selector, SelectorType } from 'css-what';
import type { AnyNode, Element } from 'domhandler';
import postcss, { type AtRule, type ChildNode, type Container, type Root } from 'postcss';
import safeParse from 'postcss-safe-parser';

/**
 * The CSS the gate and the preview's dark view read: style sheets and inline declarations parsed by
 * postcss (its safe parser recovers from broken CSS as browsers do), selectors matched by css-select.
 * Rules at top level and in one `@media` block count; other at-rules (`@font-face`, `@supports`) do not.
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
  for (const sheet of sheets) collectRules(parseCss(sheet), undefined, rules);
  return rules;
}

/** The safe parser never throws; it answers a Root for CSS (a Document only for HTML-embedded syntaxes). */
function parseCss(css: string): Root {
  return safeParse(css) as Root;
}

function collectRules(container: Container, media: string | undefined, into: StyleRule[]): void {
  for (const node of container.nodes ?? []) {
    if (node.type === 'rule') {
      into.push({
        selectors: node.selectors,
        declarations: declarationsOf(node.nodes),
        media,
        order: into.length,
      });
    } else if (node.type === 'atrule' && isMedia(node) && media === undefined) {
      collectRules(node, node.params.trim(), into);
    }
  }
}

function isMedia(node: AtRule): boolean {
  return node.name.toLowerCase() === 'media';
}

function declarationsOf(nodes: readonly ChildNode[]): Declaration[] {
  const declarations: Declaration[] = [];
  for (const node of nodes) {
    if (node.type !== 'decl' || node.value.trim() === '') continue;
    declarations.push({
      property: node.prop.toLowerCase(),
      value: node.value.trim(),
      important: node.important === true,
    });
  }
  return declarations;
}

/** `color:#222;background-color:#fff!important` → declarations, property names lower-cased. */
export function parseDeclarations(source: string): Declaration[] {
  return declarationsOf(parseCss(source).nodes);
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
  return postcss.list.comma(condition).some((query) =>
    query
      .toLowerCase()
      .split(/\band\b/)
      .map((part) => part.trim())
      .filter(Boolean)
      .every((part) => featureMatches(part, env)),
  );
}

function featureMatches(part: string, env: MediaEnvironment): boolean {
  if (part === 'screen' || part === 'all' || part === 'only screen') return true;
  if (!part.startsWith('(') || !part.endsWith(')')) return false;
  const [name, value] = part
    .slice(1, -1)
    .split(':')
    .map((side) => side.trim());
  if (name === 'prefers-color-scheme') return value === env.scheme;
  const px = value?.endsWith('px') ? Number(value.slice(0, -2)) : Number.NaN;
  if (Number.isNaN(px)) return false;
  if (name === 'max-width') return env.width <= px;
  if (name === 'min-width') return env.width >= px;
  return false;
}

/** One selector of a rule, compiled: whether it matches an element, and how specific it is. */
export interface CompiledSelector {
  matches: (element: Element) => boolean;
  /** ids × 10,000 + classes, attributes and pseudo-classes × 100 + types: compared as a number. */
  specificity: number;
}

const NEVER: CompiledSelector = { matches: () => false, specificity: 0 };

/** Compiles one selector; one css-select cannot read (or that throws) never matches. */
export function compileSelector(selector: string): CompiledSelector {
  try {
    const tokens = parseSelectorTokens(selector);
    const specificity = Math.max(0, ...tokens.map(specificityOf));
    const query = compile<AnyNode, Element>(tokens);
    return { matches: (element) => query(element), specificity };
  } catch {
    return NEVER;
  }
}

function specificityOf(sequence: Selector[]): number {
  let total = 0;
  for (const token of sequence) {
    if (token.type === SelectorType.Tag || token.type === SelectorType.PseudoElement) total += 1;
    else if (token.type === SelectorType.Attribute)
      total += token.name === 'id' && token.action === 'equals' ? 10_000 : 100;
    else if (token.type === SelectorType.Pseudo) {
      // :is(), :not() and :has() count as their most specific argument; :where() counts nothing.
      if (Array.isArray(token.data))
        total += token.name === 'where' ? 0 : Math.max(0, ...token.data.map(specificityOf));
      else total += 100;
    }
  }
  return total;
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
