import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { fonts, light } from '../../templates/digest/styles.ts';
import { hrefAttribute } from './href-attribute.ts';
import {
  type Context,
  createShells,
  fillShell,
  type ShapeFlags,
  SLOT_FIELDS,
  Slot,
  type SlotField,
} from './transactional-shell.ts';

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

/** The templates with the reference pipeline exposed: tests compare `render` against it. */
export interface LoadedTransactionalTemplates extends TransactionalTemplates {
  /** Handlebars then MJML for this very model (about 5 ms): what `render` must reproduce byte for byte. */
  renderWithMjml(kind: TransactionalKind, model: TransactionalModel): Promise<RenderedEmail>;
}

const SUBJECTS: Record<TransactionalKind, string> = {
  confirm: 'Confirm your subscription to Weekly Verdicts',
  welcome: 'Welcome to Weekly Verdicts',
};

/** `templates/email/` in this checkout. */
export const EMAIL_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/email/', import.meta.url));

interface CompiledKind {
  mjml: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
}

/**
 * Reads and compiles `<kind>.mjml.hbs` (HTML, through MJML) and `<kind>.txt.hbs` (the plain-text part)
 * once; partials are the `_*.mjml.hbs` files.
 *
 * MJML costs about 5 ms of CPU an email, so it does not run per email: each *shape* (the kind, and which
 * of the per-email values are empty, since `{{#if}}` blocks depend on that) is rendered once through
 * Handlebars and MJML with placeholder tokens where the per-email values go, and split at them into a
 * shell. An email is then its shell joined with its values, escaped as the Handlebars pipeline escapes
 * them (`Handlebars.escapeExpression` for text, `hrefAttribute` for links): byte for byte what MJML
 * would have produced, which every shell proves once when it is built (see `buildShell`).
 *
 * The common shapes (each kind, with and without a name) are built here, so a template MJML rejects
 * fails at start-up; any other shape is built on its first use, and a failure rejects that render.
 */
export async function loadTransactionalTemplates(
  dir = EMAIL_TEMPLATES_DIR,
): Promise<LoadedTransactionalTemplates> {
  const html = Handlebars.create();
  const text = Handlebars.create();
  html.registerHelper(
    'url',
    (value: unknown) => new html.SafeString(value instanceof Slot ? value.href() : hrefAttribute(value)),
  );
  for (const partial of ['head', 'masthead', 'footer']) {
    html.registerPartial(partial, await readFile(join(dir, `_${partial}.mjml.hbs`), 'utf8'));
  }
  const compiled = new Map<TransactionalKind, CompiledKind>();
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
  const templatesOf = (kind: TransactionalKind): CompiledKind => {
    const templates = compiled.get(kind);
    if (!templates) throw new Error(`no transactional template "${kind}"`);
    return templates;
  };

  /** The reference pipeline: Handlebars fills the MJML, MJML renders it. */
  async function mjmlHtml(kind: TransactionalKind, context: Context): Promise<string> {
    const mjml = templatesOf(kind).mjml(context);
    let result: Awaited<ReturnType<typeof mjml2html>>;
    try {
      result = await mjml2html(mjml, { fonts: {}, validationLevel: 'strict' });
    } catch (error) {
      // In strict mode MJML throws its validation errors (with `errors`) instead of returning them.
      throw new Error(`${kind}.mjml.hbs: ${describeMjmlError(error)}`, { cause: error });
    }
    if (result.errors.length > 0) {
      throw new Error(`${kind}.mjml.hbs: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
    }
    return result.html;
  }

  const { shellFor } = createShells({ reference: mjmlHtml, contextFor: shapeContext });

  const derived = derivedValues();
  const templates: LoadedTransactionalTemplates = {
    async render(kind, model) {
      const { text: textTemplate } = templatesOf(kind);
      const context = modelContext(kind, model, derived);
      // The model's types allow strings and empty values only; anything else takes the reference path.
      if (!SLOT_FIELDS.every((field) => isPlainValue(context[field])))
        return templates.renderWithMjml(kind, model);
      const shell = await shellFor(kind, context);
      return { subject: SUBJECTS[kind], html: fillShell(shell, context), text: textTemplate(context) };
    },

    async renderWithMjml(kind, model) {
      const { text: textTemplate } = templatesOf(kind);
      const context = modelContext(kind, model, derived);
      return { subject: SUBJECTS[kind], html: await mjmlHtml(kind, context), text: textTemplate(context) };
    },
  };

  // The shapes every signup uses: a confirmation, then a welcome with its unsubscribe link, each with or
  // without a name. Values only need the right emptiness here.
  const common: Array<[TransactionalKind, Partial<Record<SlotField, string>>]> = [
    ['confirm', { confirmUrl: 'x', expiresOn: 'x' }],
    ['welcome', { unsubscribeUrl: 'x' }],
  ];
  for (const [kind, links] of common) {
    for (const name of ['x', null]) {
      const filled = { email: 'x', siteUrl: 'x', postalAddress: 'x', siteHost: 'x', postalLines: 'x' };
      await shellFor(kind, { ...filled, ...links, name });
    }
  }
  return templates;
}

/** The context of a shape: `valueFor(field)` where the shape has a value, null (as empty) elsewhere. */
function shapeContext(
  kind: TransactionalKind,
  shape: ShapeFlags,
  valueFor: (field: SlotField) => unknown,
): Context {
  const context: Context = { subject: SUBJECTS[kind], colors: light, fonts };
  for (const field of SLOT_FIELDS) context[field] = shape.has(field) ? valueFor(field) : null;
  return context;
}

/** The two values settings imply, computed per distinct setting (they do not change within a process). */
function derivedValues() {
  let lastSiteUrl: string | undefined;
  let lastHost = '';
  let lastPostal: string | undefined;
  let lastLines = '';
  return {
    siteHost(siteUrl: string): string {
      if (siteUrl !== lastSiteUrl) {
        lastHost = new URL(siteUrl).host;
        lastSiteUrl = siteUrl;
      }
      return lastHost;
    },
    postalLines(postalAddress: string): string {
      if (postalAddress !== lastPostal) {
        lastLines = postalAddress
          .split(/\r?\n/)
          .map((part) => part.trim())
          .filter(Boolean)
          .join(', ');
        lastPostal = postalAddress;
      }
      return lastLines;
    },
  };
}

function modelContext(
  kind: TransactionalKind,
  model: TransactionalModel,
  derived: ReturnType<typeof derivedValues>,
): Context {
  return {
    name: null,
    confirmUrl: null,
    expiresOn: null,
    unsubscribeUrl: null,
    ...model,
    subject: SUBJECTS[kind],
    siteHost: derived.siteHost(model.siteUrl),
    postalLines: derived.postalLines(model.postalAddress),
    colors: light,
    fonts,
  };
}

/** A string, or an empty value (which the shape renders as Handlebars renders null). */
function isPlainValue(value: unknown): boolean {
  return typeof value === 'string' || value === null || value === undefined;
}

function describeMjmlError(error: unknown): string {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((e: { formattedMessage?: unknown; message?: unknown }) => String(e.formattedMessage ?? e.message))
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
