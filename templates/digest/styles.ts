/**
 * Design tokens for the digest email. Inline styles use the light palette; the dark palette is applied by
 * the `prefers-color-scheme: dark` rules below through the `wv-*` classes (clients that ignore the media
 * query keep the light palette, which is complete on its own).
 */

export interface Palette {
  /** Page background around the cards. */
  bg: string;
  card: string;
  /** Tool panels inside a card. */
  panel: string;
  ink: string;
  mute: string;
  accent: string;
  line: string;
  track: string;
  fill: string;
  /** Masthead band and its text. */
  band: string;
  bandInk: string;
  bandMute: string;
  /** Intro box. */
  note: string;
  /** "Featured" label. */
  featBg: string;
  featInk: string;
  /** "Split panel" label. */
  splitBg: string;
  splitInk: string;
}

export const light: Palette = {
  bg: '#f1eee6',
  card: '#ffffff',
  panel: '#f7f5f0',
  ink: '#222',
  mute: '#555',
  accent: '#3730a3',
  line: '#e3ded2',
  track: '#e3ded2',
  fill: '#15803d',
  band: '#1c1c22',
  bandInk: '#fff',
  bandMute: '#c8c8d2',
  note: '#f4f2fb',
  featBg: '#3730a3',
  featInk: '#fff',
  splitBg: '#fdf0c9',
  splitInk: '#7a3b06',
};

export const dark: Palette = {
  bg: '#0f1013',
  card: '#1b1c21',
  panel: '#25262d',
  ink: '#f1f1f4',
  mute: '#b7b7c2',
  accent: '#b4bcfd',
  line: '#373842',
  track: '#3b3c46',
  fill: '#4ade80',
  band: '#25262d',
  bandInk: '#ffffff',
  bandMute: '#c8c8d2',
  note: '#22223a',
  featBg: '#b4bcfd',
  featInk: '#1c1c22',
  splitBg: '#3d2e0c',
  splitInk: '#fcd680',
};

/** Verdict badges keep their colours in both schemes: white on these passes 4.5:1 against either card. */
export const verdictColors = {
  ship: { bg: '#166534', ink: '#fff' },
  skip: { bg: '#b42318', ink: '#fff' },
} as const;

/** Unquoted on purpose: quotes would be entity-escaped in every style attribute. */
export const fonts = {
  sans: '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif',
  serif: 'Georgia,Times New Roman,Times,serif',
} as const;

/**
 * The small label used for categories, stat names and badges. Its text is upper-cased in code rather than
 * with `text-transform`: every byte repeated per tool counts against Gmail's 102 KB clipping limit.
 */
export const labelType = { fontSize: '11px', fontWeight: 700, letterSpacing: '1px' } as const;

/** Resets a label's spacing for a figure set inside it. */
export const figureType = { letterSpacing: 0, color: light.ink } as const;

/** Text/background pairs the templates use, by palette key; the contrast test walks this list. */
export const textPairs: ReadonlyArray<readonly [keyof Palette, keyof Palette]> = [
  ['ink', 'bg'],
  ['mute', 'bg'],
  ['accent', 'bg'],
  ['ink', 'card'],
  ['mute', 'card'],
  ['accent', 'card'],
  ['ink', 'panel'],
  ['mute', 'panel'],
  ['accent', 'panel'],
  ['ink', 'note'],
  ['accent', 'note'],
  ['bandInk', 'band'],
  ['bandMute', 'band'],
  ['featInk', 'featBg'],
  ['splitInk', 'splitBg'],
];

const darkRules: Array<[string, string]> = [
  ['.wv-bg,.wv-bg>table>tbody>tr>td', `background-color:${dark.bg}`],
  ['.wv-card', `background-color:${dark.card}`],
  ['.wv-panel', `background-color:${dark.panel};color:${dark.mute}`],
  ['.wv-note', `background-color:${dark.note}`],
  ['.wv-band', `background-color:${dark.band}`],
  ['.wv-track', `background-color:${dark.track}`],
  ['.wv-fill', `background-color:${dark.fill}`],
  // Title and tool-name links carry no class of their own: `.wv-ink a` and `.wv-panel a` reach them.
  ['.wv-ink,.wv-ink a,.wv-panel a,.wv-panel b,.wv-intro,.wv-intro p,.wv-intro li', `color:${dark.ink}`],
  ['.wv-mute', `color:${dark.mute}`],
  ['.wv-acc,.wv-intro a,.wv-v a', `color:${dark.accent}`],
  ['.wv-hl', `border-color:${dark.accent}`],
  ['.wv-line', `border-color:${dark.line}`],
  ['.wv-feat', `background-color:${dark.featBg};color:${dark.featInk}`],
  ['.wv-split', `background-color:${dark.splitBg};color:${dark.splitInk}`],
];

/** Base and responsive rules; kept apart from the dark rules so a client rejecting one block keeps the other. */
export const baseCss = [
  ':root{color-scheme:light dark;supported-color-schemes:light dark}',
  `body,table,td,p{font-family:${fonts.sans}}`,
  'img{border:0;display:block}',
  `.wv-intro p{margin:0 0 12px;font-size:15px;line-height:24px;color:${light.ink}}`,
  '.wv-intro p:last-child{margin-bottom:0}',
  `.wv-intro a{color:${light.accent};text-decoration:underline}`,
  '.wv-intro ul,.wv-intro ol{margin:0 0 12px;padding-left:20px;font-size:15px;line-height:24px}',
  '.wv-v{margin:14px 0 0;font-weight:700}',
  `.wv-v a{display:inline-block;padding:5px 12px;border:1px solid;border-radius:99px;color:${light.accent};text-decoration:none}`,
  '@media (max-width:480px){',
  '.wv-bg>table>tbody>tr>td{padding:12px 8px!important}',
  '.wv-pad{padding-left:18px!important;padding-right:18px!important}',
  '.wv-col{display:block!important;width:100%!important;box-sizing:border-box}',
  '.wv-gap{display:block!important;width:100%!important;min-width:0!important;padding:8px 0!important;text-align:center!important}',
  '.wv-title{font-size:21px!important;line-height:27px!important}',
  '.wv-brand{font-size:28px!important;line-height:34px!important}',
  '}',
].join('');

export const darkCss = `@media (prefers-color-scheme:dark){${darkRules
  .map(([selector, rule]) => `${selector}{${rule.replace(/;/g, '!important;')}!important}`)
  .join('')}}`;
