import { createHash } from 'node:crypto';
import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../render/placeholders.ts';
import type { RenderedEdition } from './personalize.ts';

/**
 * A week's digest as a Resend Template: the rendered edition with Resend's `{{{KEY}}}` variables where
 * our placeholders were, so each email carries only the recipient's values (~0.5 KB instead of ~50 KB).
 * HTML and text get their own variables because the HTML copy of a value is escaped and the text copy
 * is not; triple braces tell Resend to insert them as given.
 */
export const TEMPLATE_VARIABLES = {
  htmlLink: 'WV_UNSUBSCRIBE_LINK_HTML',
  htmlEmail: 'WV_RECIPIENT_EMAIL_HTML',
  textLink: 'WV_UNSUBSCRIBE_LINK_TEXT',
  textEmail: 'WV_RECIPIENT_EMAIL_TEXT',
} as const;

export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[keyof typeof TEMPLATE_VARIABLES], string>;

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
  const html = edition.html
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, `{{{${TEMPLATE_VARIABLES.htmlLink}}}}`)
    .replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, `{{{${TEMPLATE_VARIABLES.htmlEmail}}}}`);
  const text = edition.text
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, `{{{${TEMPLATE_VARIABLES.textLink}}}}`)
    .replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, `{{{${TEMPLATE_VARIABLES.textEmail}}}}`);
  const digest = createHash('sha256').update(html).update('\0').update(text).digest('hex').slice(0, 16);
  return {
    alias: `weekly-verdicts-${edition.week.toLowerCase()}-${digest}`,
    name: `Weekly Verdicts ${edition.week}`,
    html,
    text,
    variables: Object.values(TEMPLATE_VARIABLES).map((key) => ({ key, type: 'string' as const })),
  };
}
