import type { Digest, DigestComparison, DigestQuote, DigestTool } from '../../src/render/digest-model.ts';
import {
  PREFERENCES_URL_PLACEHOLDER,
  RECIPIENT_EMAIL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../src/render/placeholders.ts';

const PROSE =
  'The primitive is sound and the setup is short, but the first real codebase it meets will decide whether ' +
  'the team keeps it. Pricing sits inside a plan people already pay for, which removes the usual fight with ' +
  'procurement. What would change my mind is a competitor that lives where engineers already work shipping ' +
  'the same thing as a checkbox. ';

/** Deterministic filler prose of exactly `length` characters, ending on a full stop. */
export function prose(length: number): string {
  const text = PROSE.repeat(Math.ceil(length / PROSE.length) + 1).slice(0, Math.max(1, length - 1));
  return `${text.trimEnd()}.`;
}

export function makeQuote(overrides: Partial<DigestQuote> = {}): DigestQuote {
  return {
    text: 'It does the one thing it promises, and the setup takes ten minutes.',
    verdict: 'ship',
    reviewerName: 'The Builder',
    lens: 'Developer experience and the weekend-alternative test',
    ...overrides,
  };
}

export function makeTool(n: number, overrides: Partial<DigestTool> = {}): DigestTool {
  return {
    name: `Tool ${n}`,
    category: 'Developer Tools',
    tagline: `Tagline of tool ${n}, short enough for one line`,
    entry: 'Free',
    community: 60,
    panelShip: 75,
    shipCount: 3,
    reviewCount: 4,
    url: `https://tool-${n}.example`,
    quote: makeQuote(),
    ...overrides,
  };
}

export interface ComparisonOptions {
  /** Length of both tools' quotes in characters; the default quote is short. */
  quoteLength?: number;
}

export function makeComparison(
  i: number,
  overrides: Partial<DigestComparison> = {},
  { quoteLength }: ComparisonOptions = {},
): DigestComparison {
  const quote = (n: number) => makeQuote(quoteLength ? { text: prose(quoteLength + (n % 3)) } : {});
  return {
    slug: `tool-${2 * i + 1}-vs-tool-${2 * i + 2}`,
    title: `Tool ${2 * i + 1} vs Tool ${2 * i + 2}`,
    url: `https://verdicts.example/compare/tool-${2 * i + 1}-vs-tool-${2 * i + 2}`,
    summary: `Comparison number ${i + 1}: what each tool is for and who should pick which.`,
    featured: false,
    split: false,
    tools: [
      makeTool(2 * i + 1, { quote: quote(2 * i + 1) }),
      makeTool(2 * i + 2, { quote: quote(2 * i + 2) }),
    ],
    ...overrides,
  };
}

export interface DigestOptions extends Omit<Partial<Digest>, 'comparisons'>, ComparisonOptions {
  /** How many comparisons to generate (default 3), or the comparisons themselves. */
  comparisons?: number | DigestComparison[];
}

/**
 * A digest for tests: `makeDigest({ comparisons: 10, quoteLength: 900 })`, or with your own list,
 * `makeDigest({ comparisons: [makeComparison(0, { featured: true })] })`.
 * Placeholders are used for the per-recipient values, as the real builder does.
 */
export function makeDigest({ comparisons = 3, quoteLength, ...overrides }: DigestOptions = {}): Digest {
  const options: ComparisonOptions = quoteLength === undefined ? {} : { quoteLength };
  const list =
    typeof comparisons === 'number'
      ? Array.from({ length: comparisons }, (_, i) => makeComparison(i, {}, options))
      : comparisons;
  return {
    week: '2026-W48',
    rangeLabel: '23–29 November 2026',
    subject: 'Weekly Verdicts, 2026-W48',
    preheader: 'This week’s comparisons, with the panel’s verdicts.',
    intro: {
      html: '<p>A short note from the editor with a <a href="https://verdicts.example/x">link</a>.</p>\n',
      text: 'A short note from the editor with a [link](https://verdicts.example/x).',
    },
    comparisons: list,
    siteUrl: 'https://verdicts.example',
    webUrl: 'https://verdicts.example/issues/2026-W48',
    postalAddress: 'Weekly Verdicts, 18 Rue des Lilas, 75011 Paris, France',
    unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
    preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
    recipientEmail: RECIPIENT_EMAIL_PLACEHOLDER,
    ...overrides,
  };
}
