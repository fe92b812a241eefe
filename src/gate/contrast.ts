import { isTag, isText } from 'domhandler';
import {
  BLACK,
  blend,
  colourInShorthand,
  contrastRatio,
  parseColour,
  type Rgba,
  toHex,
  WHITE,
} from './colour.ts';
import type { GateContext } from './context.ts';
import {
  type CompiledSelector,
  compileSelector,
  type Declaration,
  type MediaEnvironment,
  mediaMatches,
  parseDeclarations,
  parseStyleSheets,
} from './css.ts';
import { type AnyNode, type Element, styleSheets } from './html.ts';
import type { GateFinding } from './types.ts';

/** WCAG AA for body text; the issue asks it of every text, large or small, in both schemes. */
export const MIN_CONTRAST = 4.5;

const ENVIRONMENTS: MediaEnvironment[] = [
  { scheme: 'light', width: 600 },
  { scheme: 'light', width: 375 },
  { scheme: 'dark', width: 600 },
  { scheme: 'dark', width: 375 },
];
const SKIPPED = new Set(['head', 'style', 'script', 'title', 'template']);
/** Whitespace and the invisible characters React Email pads the preheader with. */
const INVISIBLE =
  /\u034f|[\s\u00a0\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202f\u2060-\u206f\u3000\ufeff]/g;

interface CompiledRule {
  selectors: CompiledSelector[];
  declarations: Declaration[];
  media?: string | undefined;
  order: number;
}

interface Failure {
  scheme: 'light' | 'dark';
  foreground: string;
  background: string;
  ratio: number;
  examples: string[];
  count: number;
}

/**
 * Text contrast, computed on the rendered HTML as a client would paint it: the cascade of inline styles
 * and `<style>` rules (with `!important`, specificity and order), `color` inherited, the background taken
 * from the nearest painted ancestor. Run in light and in dark mode (the `prefers-color-scheme: dark`
 * rules applied), at desktop and phone widths. Every text below 4.5:1 is an error, grouped by colour pair.
 */
export function checkContrast(context: GateContext): GateFinding[] {
  // Only rules that can change what is painted matter (a phone-width `display:block` does not).
  const rules: CompiledRule[] = parseStyleSheets(styleSheets(context.document))
    .filter((rule) => rule.declarations.some(affectsPaint))
    .map((rule) => ({ ...rule, selectors: rule.selectors.map(compileSelector) }));
  const failures = new Map<string, Failure>();
  const evaluated = new Set<string>();
  for (const env of ENVIRONMENTS) {
    const active = rules.filter((rule) => mediaMatches(rule.media, env));
    // The same rules give the same result: skip a width whose media queries change nothing here.
    const signature = `${env.scheme}:${active.map((rule) => rule.order).join(',')}`;
    if (evaluated.has(signature)) continue;
    evaluated.add(signature);
    walk(context.document, { color: BLACK, background: WHITE }, active, (text, color, background) => {
      const ratio = contrastRatio(color, background);
      if (ratio >= MIN_CONTRAST) return;
      const key = `${env.scheme}|${toHex(color)}|${toHex(background)}`;
      const failure = failures.get(key) ?? {
        scheme: env.scheme,
        foreground: toHex(color),
        background: toHex(background),
        ratio,
        examples: [],
        count: 0,
      };
      const example = text.length > 48 ? `${text.slice(0, 47)}…` : text;
      if (!failure.examples.includes(example)) {
        failure.count++;
        if (failure.examples.length < 3) failure.examples.push(example);
      }
      failures.set(key, failure);
    });
  }
  return [...failures.values()].map((failure) => ({
    rule: 'contrast',
    severity: 'error',
    origin: 'template',
    message: `in ${failure.scheme} mode, text ${failure.foreground} on ${failure.background} has a contrast of ${failure.ratio.toFixed(2)}:1, below ${MIN_CONTRAST}:1 (${failure.count} text${failure.count === 1 ? '' : 's'})`,
    details: failure.examples.map((example) => `“${example}”`),
  }));
}

interface Painted {
  color: Rgba;
  background: Rgba;
}

function walk(
  node: { children: AnyNode[] },
  inherited: Painted,
  rules: CompiledRule[],
  onText: (text: string, color: Rgba, background: Rgba) => void,
): void {
  for (const child of node.children) {
    if (isText(child)) {
      const text = child.data.replace(INVISIBLE, ' ').trim();
      if (text !== '')
        onText(text.replace(/\s+/g, ' '), blend(inherited.color, inherited.background), inherited.background);
      continue;
    }
    if (!isTag(child) || SKIPPED.has(child.name)) continue;
    const style = cascade(child, rules);
    if (style.display === 'none' || style.opacity === '0' || style.visibility === 'hidden') continue;
    const color =
      (style.color ? parseColour(style.color) : undefined) ?? (child.name === 'a' ? LINK_BLUE : undefined);
    const backgroundValue = style['background-color'] ?? style.background;
    const background = backgroundValue ? colourInShorthand(backgroundValue) : undefined;
    walk(
      child,
      {
        color: color ?? inherited.color,
        background:
          background && background.a > 0 ? blend(background, inherited.background) : inherited.background,
      },
      rules,
      onText,
    );
  }
}

/** The user-agent colour of a link with no colour of its own. */
const LINK_BLUE: Rgba = { r: 0, g: 0, b: 238, a: 1 };

const PROPERTIES = new Set(['color', 'background-color', 'background', 'display', 'opacity', 'visibility']);

function affectsPaint(declaration: Declaration): boolean {
  if (declaration.property === 'display') return declaration.value.trim().toLowerCase() === 'none';
  return PROPERTIES.has(declaration.property);
}

/** The winning value of each property this rule cares about, for one element. */
function cascade(element: Element, rules: CompiledRule[]): Record<string, string> {
  // rank: presentational attribute 0 < style sheet 1 < inline 2 < sheet !important 3 < inline !important 4
  const winners = new Map<string, { rank: number; specificity: number; order: number; value: string }>();
  const offer = (declaration: Declaration, rank: number, specificity: number, order: number) => {
    if (!PROPERTIES.has(declaration.property)) return;
    const current = winners.get(declaration.property);
    const beats =
      !current ||
      rank > current.rank ||
      (rank === current.rank &&
        (specificity > current.specificity ||
          (specificity === current.specificity && order >= current.order)));
    if (beats) winners.set(declaration.property, { rank, specificity, order, value: declaration.value });
  };
  const { bgcolor, style } = element.attribs;
  if (bgcolor) offer({ property: 'background-color', value: bgcolor, important: false }, 0, 0, 0);
  for (const rule of rules) {
    const specificity = Math.max(
      -1,
      ...rule.selectors.filter((selector) => selector.matches(element)).map((s) => s.specificity),
    );
    if (specificity < 0) continue;
    for (const declaration of rule.declarations) {
      offer(declaration, declaration.important ? 3 : 1, specificity, rule.order);
    }
  }
  if (style) {
    for (const declaration of parseDeclarations(style)) {
      offer(declaration, declaration.important ? 4 : 2, 0, 0);
    }
  }
  return Object.fromEntries(
    [...winners].map(([property, { value }]) => [property, value.trim().toLowerCase()]),
  );
}
