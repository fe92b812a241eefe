import { randomBytes } from 'node:crypto';
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

/**
 * The context values that change from one email to the next (the model's fields, and the two derived
 * from settings). A shell is rendered with a placeholder in each of them; everything else in the
 * context is a constant of the kind.
 */
const SLOT_FIELDS = [
  'email',
  'name',
  'confirmUrl',
  'expiresOn',
  'unsubscribeUrl',
  'siteUrl',
  'postalAddress',
  'siteHost',
  'postalLines',
] as const;
type SlotField = (typeof SLOT_FIELDS)[number];

/**
 * How a value reached the MJML: `text` through Handlebars' escaping (`{{name}}`), `href` through the
 * `url` helper (`{{url confirmUrl}}`), `raw` unescaped (`{{{name}}}`, or a helper that stringifies it).
 */
type SlotForm = 'text' | 'href' | 'raw';
const FORM_CODES: Record<SlotForm, string> = { text: 't', href: 'h', raw: 'r' };

/** An email rendered once per shape: literal HTML parts, and which value goes between each two of them. */
interface Shell {
  parts: string[];
  slots: { field: SlotField; form: SlotForm }[];
}

type Context = Record<string, unknown>;

interface CompiledKind {
  mjml: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
}

/**
 * Stands for a per-email value while a shell is rendered: Handlebars' escaping writes `toHTML()`, an
 * unescaped output `toString()`, the `url` helper `href()`; each writes a placeholder token (letters
 * and digits only, which Handlebars, MJML and juice leave alone) and counts what it wrote.
 */
class Slot {
  constructor(
    readonly field: SlotField,
    private readonly emit: (field: SlotField, form: SlotForm) => string,
  ) {}
  toHTML(): string {
    return this.emit(this.field, 'text');
  }
  toString(): string {
    return this.emit(this.field, 'raw');
  }
  href(): string {
    return this.emit(this.field, 'href');
  }
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

  /**
   * One shape's shell. Checked twice before it is used: every placeholder Handlebars wrote must come
   * out of MJML whole, and the shell filled with hostile probe values must equal MJML's own rendering
   * of those values; otherwise the shape's renders reject (a broken template must never send).
   */
  async function buildShell(kind: TransactionalKind, shape: ShapeFlags): Promise<Shell> {
    const nonce = randomBytes(6).toString('hex');
    const prefix = `wvslot${nonce}`;
    /** Each token Handlebars wrote, and how many times. */
    const written = new Map<string, { field: SlotField; form: SlotForm; count: number }>();
    const emit = (field: SlotField, form: SlotForm) => {
      const token = `${prefix}${FORM_CODES[form]}${SLOT_FIELDS.indexOf(field)}z`;
      const entry = written.get(token);
      if (entry) entry.count++;
      else written.set(token, { field, form, count: 1 });
      return token;
    };
    const context = shapeContext(kind, shape, (field) => new Slot(field, emit));
    const output = await mjmlHtml(kind, context);

    const pieces = output.split(new RegExp(`(${prefix}[thr]\\d+z)`));
    const parts: string[] = [];
    const slots: Shell['slots'] = [];
    const found = new Map<string, number>();
    pieces.forEach((piece, index) => {
      if (index % 2 === 0) {
        parts.push(piece);
        return;
      }
      const slot = written.get(piece);
      if (!slot) throw new Error(`${kind}.mjml.hbs: MJML output holds a placeholder Handlebars never wrote`);
      found.set(piece, (found.get(piece) ?? 0) + 1);
      slots.push({ field: slot.field, form: slot.form });
    });
    // Every value Handlebars wrote must come out of MJML exactly as often: a value MJML dropped, copied
    // or read as structure (a class name, say) could change the email in a way a placeholder cannot.
    for (const [token, { field, form, count }] of written) {
      const seen = found.get(token) ?? 0;
      if (seen !== count) {
        throw new Error(
          `${kind}.mjml.hbs: the placeholder for ${describeSlot(field, form)} did not survive MJML unchanged ` +
            `(written ${count} times, found ${seen}); a per-email value cannot go there`,
        );
      }
    }
    if (parts.some((part) => part.toLowerCase().includes(prefix))) {
      throw new Error(`${kind}.mjml.hbs: MJML changed a placeholder (a per-email value would be lost)`);
    }
    const shell: Shell = { parts, slots };

    const probe = shapeContext(kind, shape, probeValue);
    const expected = await mjmlHtml(kind, probe);
    const actual = fillShell(shell, probe);
    if (actual !== expected) {
      const at = firstDifference(actual, expected);
      throw new Error(
        `${kind}.mjml.hbs: the pre-rendered shell differs from MJML's rendering at character ${at} ` +
          `(…${expected.slice(Math.max(0, at - 40), at + 40)}…)`,
      );
    }
    return shell;
  }

  const shells = new Map<string, Shell>();
  const building = new Map<string, Promise<Shell>>();
  /** The shell for a context's shape: built once (concurrent first renders share the build). */
  function shellFor(kind: TransactionalKind, context: Context): Shell | Promise<Shell> {
    const key = shapeKey(kind, context);
    const ready = shells.get(key);
    if (ready) return ready;
    let pending = building.get(key);
    if (!pending) {
      pending = buildShell(kind, shapeOf(context)).then(
        (shell) => {
          shells.set(key, shell);
          building.delete(key);
          return shell;
        },
        (error: unknown) => {
          // Not kept: the next render of this shape tries (and, for a broken template, fails) again.
          building.delete(key);
          throw error;
        },
      );
      building.set(key, pending);
    }
    return pending;
  }

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

/** Which per-email values are non-empty (what `{{#if}}` sees). */
type ShapeFlags = ReadonlySet<SlotField>;

function shapeOf(context: Context): ShapeFlags {
  return new Set(SLOT_FIELDS.filter((field) => Boolean(context[field])));
}

/** `<kind>:` and a 1 or 0 per slot field, for non-empty or empty: at most a few hundred keys. */
function shapeKey(kind: TransactionalKind, context: Context): string {
  let key = `${kind}:`;
  for (const field of SLOT_FIELDS) key += context[field] ? '1' : '0';
  return key;
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

/**
 * A value for checking a shell against MJML: every character the escapes treat specially, non-ASCII, a
 * Handlebars-looking brace pair, and an http(s) start so the `url` helper keeps it; distinct per field.
 */
function probeValue(field: SlotField): string {
  return `https://probe.invalid/${field}?a=1&b=<i>"x"</i>&c='y'=\`z\` Zoë {{w}} – ✓`;
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

/** The shell joined with this email's values, each escaped as the Handlebars pipeline escapes it. */
function fillShell(shell: Shell, context: Context): string {
  const { parts, slots } = shell;
  let out = parts[0] ?? '';
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const value = context[slot.field];
    let filled: string;
    if (slot.form === 'href') filled = hrefAttribute(value);
    else if (slot.form === 'text') filled = Handlebars.escapeExpression(value as string);
    else filled = value === null || value === undefined ? '' : String(value);
    out += filled + parts[i + 1];
  }
  return out;
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

function describeSlot(field: SlotField, form: SlotForm): string {
  if (form === 'href') return `{{url ${field}}}`;
  return form === 'text' ? `{{${field}}}` : `{{{${field}}}}`;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
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
