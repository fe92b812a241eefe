import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { fonts, light } from '../../templates/digest/styles.ts';

/** The emails a subscriber gets outside the weekly digest. */
export type TransactionalKind = 'confirm' | 'welcome';

/** What every transactional template can show. Values are plain text; the templates escape them. */
export interface TransactionalModel {
  email: string;
  name?: string | null | undefined;
  siteUrl: string;
  postalAddress: string;
  /** confirm: the link that activates the subscription, and until when it works (already formatted). */
  confirmUrl?: string | undefined;
  expiresOn?: string | undefined;
  /** welcome: the one-click way out. */
  unsubscribeUrl?: string | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface TransactionalTemplates {
  /** Rejects when the MJML does not validate: a broken template must never send. */
  render(kind: TransactionalKind, model: TransactionalModel): Promise<RenderedEmail>;
}

const SUBJECTS: Record<TransactionalKind, string> = {
  confirm: 'Confirm your subscription to Weekly Verdicts',
  welcome: 'Welcome to Weekly Verdicts',
};

/** `templates/email/` in this checkout. */
export const EMAIL_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/email/', import.meta.url));

/**
 * Reads and compiles `<kind>.mjml.hbs` (HTML, through MJML) and `<kind>.txt.hbs` (the plain-text part)
 * once; partials are the `_*.mjml.hbs` files. Handlebars fills the MJML first, then MJML renders it,
 * at run time, about 5 ms an email.
 */
export async function loadTransactionalTemplates(dir = EMAIL_TEMPLATES_DIR): Promise<TransactionalTemplates> {
  const html = Handlebars.create();
  const text = Handlebars.create();
  html.registerHelper('url', (value: unknown) => new html.SafeString(hrefAttribute(value)));
  for (const partial of ['head', 'masthead', 'footer']) {
    html.registerPartial(partial, await readFile(join(dir, `_${partial}.mjml.hbs`), 'utf8'));
  }
  const compiled = new Map<
    TransactionalKind,
    { mjml: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }
  >();
  for (const kind of Object.keys(SUBJECTS) as TransactionalKind[]) {
    compiled.set(kind, {
      mjml: html.compile(await readFile(join(dir, `${kind}.mjml.hbs`), 'utf8'), { strict: true }),
      // Plain text is not HTML: nothing to escape.
      text: text.compile(await readFile(join(dir, `${kind}.txt.hbs`), 'utf8'), {
        noEscape: true,
        strict: true,
      }),
    });
  }
  return {
    async render(kind, model) {
      const templates = compiled.get(kind);
      if (!templates) throw new Error(`no transactional template "${kind}"`);
      const context = {
        name: null,
        confirmUrl: null,
        expiresOn: null,
        unsubscribeUrl: null,
        ...model,
        subject: SUBJECTS[kind],
        siteHost: new URL(model.siteUrl).host,
        postalLines: model.postalAddress
          .split(/\r?\n/)
          .map((part) => part.trim())
          .filter(Boolean)
          .join(', '),
        colors: light,
        fonts,
      };
      const result = await mjml2html(templates.mjml(context), { fonts: {}, validationLevel: 'strict' });
      if (result.errors.length > 0) {
        throw new Error(`${kind}.mjml.hbs: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
      }
      return { subject: SUBJECTS[kind], html: result.html, text: templates.text(context) };
    },
  };
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A link for a quoted href: only http(s), escaped for the attribute but with `=` left alone (Handlebars'
 * default escaping writes `&#x3D;`, which some link rewriters do not decode).
 */
function hrefAttribute(value: unknown): string {
  const href = typeof value === 'string' && /^https?:\/\//i.test(value) ? value : '#';
  return href.replace(/[&<>"']/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}
