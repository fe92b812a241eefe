import { createHash } from 'node:crypto';
import { PERSONAL_SLOTS, type PersonalSlot } from '../render/placeholders.ts';
import type { RenderedEdition } from './personalize.ts';

/**
 * A week's digest as a Resend Template: the rendered edition with Resend's `{{{KEY}}}` variables where
 * our placeholders were, so each email carries only the recipient's values (~0.5 KB instead of ~50 KB).
 * HTML and text get their own variables because the HTML copy of a value is escaped and the text copy
 * is not; triple braces tell Resend to insert them as given.
 */
// Two-letter names (slot, then H for the HTML copy or T for the text copy): every email of a batch
// carries all of them, a hundred emails a request, and a request must stay under 100 KB. The vote token
// (base64url and a dot) reads the same escaped or not, so both parts share one variable.
export const TEMPLATE_VARIABLES: Record<PersonalSlot, { html: string; text: string }> = {
  unsubscribe: { html: 'UH', text: 'UT' },
  preferences: { html: 'PH', text: 'PT' },
  email: { html: 'EH', text: 'ET' },
  vote: { html: 'VT', text: 'VT' },
};

export type TemplateVariables = Record<string, string>;

/** One recipient's values as the template's variables: HTML-escaped for the HTML, plain for the text. */
export function templateVariables(
  html: Record<PersonalSlot, string>,
  text: Record<PersonalSlot, string>,
): TemplateVariables {
  const variables: TemplateVariables = {};
  for (const slot of Object.keys(TEMPLATE_VARIABLES) as PersonalSlot[]) {
    variables[TEMPLATE_VARIABLES[slot].html] = html[slot];
    variables[TEMPLATE_VARIABLES[slot].text] = text[slot];
  }
  return variables;
}

export interface EditionTemplate {
  /** Stable for the same week and bodies, so a resumed run (or another lane) finds the same template. */
  alias: string;
  name: string;
  html: string;
  text: string;
  variables: { key: string; type: 'string' }[];
}

/** Why an edition cannot be a template; it is then sent with its bodies inline, as without templates. */
export type TemplateRefusal = { refused: string };

// Only an opening `{{` starts a tag; a stray `}}` (nested CSS rules end in one) is literal text.
const OPENING_BRACES = '{{';

/**
 * The edition as a template, or why not. A literal `{{` in the content would be read by Resend's
 * template language, so such an edition is refused rather than altered.
 */
export function editionTemplate(edition: RenderedEdition): EditionTemplate | TemplateRefusal {
  for (const [part, body] of [
    ['HTML', edition.html],
    ['text', edition.text],
  ] as const) {
    if (body.includes(OPENING_BRACES))
      return { refused: `the ${part} holds "{{", which Resend's template language would read as a tag` };
  }
  let html = edition.html;
  let text = edition.text;
  for (const [slot, placeholder] of Object.entries(PERSONAL_SLOTS) as [PersonalSlot, string][]) {
    html = html.replaceAll(placeholder, `{{{${TEMPLATE_VARIABLES[slot].html}}}}`);
    text = text.replaceAll(placeholder, `{{{${TEMPLATE_VARIABLES[slot].text}}}}`);
  }
  const digest = createHash('sha256').update(html).update('\0').update(text).digest('hex').slice(0, 16);
  return {
    alias: `weekly-verdicts-${edition.week.toLowerCase()}-${digest}`,
    name: `Weekly Verdicts ${edition.week}`,
    html,
    text,
    variables: [...new Set(Object.values(TEMPLATE_VARIABLES).flatMap(({ html: h, text: t }) => [h, t]))].map(
      (key) => ({ key, type: 'string' as const }),
    ),
  };
}
