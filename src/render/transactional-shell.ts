import { randomBytes } from 'node:crypto';
import Handlebars from 'handlebars';
import { hrefAttribute } from './href-attribute.ts';

/**
 * The context values that change from one email to the next (the model's fields, and the two derived
 * from settings). A shell is rendered with a placeholder in each of them; everything else in the
 * context is a constant of the kind.
 */
export const SLOT_FIELDS = [
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
export type SlotField = (typeof SLOT_FIELDS)[number];

/**
 * How a value reached the MJML: `text` through Handlebars' escaping (`{{name}}`), `href` through the
 * `url` helper (`{{url confirmUrl}}`), `raw` unescaped (`{{{name}}}`, or a helper that stringifies it).
 */
type SlotForm = 'text' | 'href' | 'raw';
const FORM_CODES: Record<SlotForm, string> = { text: 't', href: 'h', raw: 'r' };

/** An email rendered once per shape: literal HTML parts, and which value goes between each two of them. */
export interface Shell {
  parts: string[];
  slots: { field: SlotField; form: SlotForm }[];
}

export type Context = Record<string, unknown>;

/**
 * Stands for a per-email value while a shell is rendered: Handlebars' escaping writes `toHTML()`, an
 * unescaped output `toString()`, the `url` helper `href()`; each writes a placeholder token (letters
 * and digits only, which Handlebars, MJML and juice leave alone) and counts what it wrote.
 */
export class Slot {
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
 * Shells of an email template, built on demand: `reference` renders a context through Handlebars and MJML
 * (what a shell must reproduce), `contextFor` builds a shape's context with `valueFor(field)` in each
 * per-email value and empty elsewhere.
 */
export function createShells<K extends string>(options: {
  reference: (kind: K, context: Context) => Promise<string>;
  contextFor: (kind: K, shape: ShapeFlags, valueFor: (field: SlotField) => unknown) => Context;
}) {
  const { reference, contextFor } = options;

  /**
   * One shape's shell. Checked twice before it is used: every placeholder Handlebars wrote must come
   * out of MJML whole, and the shell filled with hostile probe values must equal MJML's own rendering
   * of those values; otherwise the shape's renders reject (a broken template must never send).
   */
  async function buildShell(kind: K, shape: ShapeFlags): Promise<Shell> {
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
    const context = contextFor(kind, shape, (field) => new Slot(field, emit));
    const output = await reference(kind, context);

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

    const probe = contextFor(kind, shape, probeValue);
    const expected = await reference(kind, probe);
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
  function shellFor(kind: K, context: Context): Shell | Promise<Shell> {
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

  return { shellFor };
}

/** Which per-email values are non-empty (what `{{#if}}` sees). */
export type ShapeFlags = ReadonlySet<SlotField>;

export function shapeOf(context: Context): ShapeFlags {
  return new Set(SLOT_FIELDS.filter((field) => Boolean(context[field])));
}

/** `<kind>:` and a 1 or 0 per slot field, for non-empty or empty: at most a few hundred keys. */
function shapeKey(kind: string, context: Context): string {
  let key = `${kind}:`;
  for (const field of SLOT_FIELDS) key += context[field] ? '1' : '0';
  return key;
}

/**
 * A value for checking a shell against MJML: every character the escapes treat specially, non-ASCII, a
 * Handlebars-looking brace pair, and an http(s) start so the `url` helper keeps it; distinct per field.
 */
function probeValue(field: SlotField): string {
  return `https://probe.invalid/${field}?a=1&b=<i>"x"</i>&c='y'=\`z\` Zoë {{w}} – ✓`;
}

/** The shell joined with this email's values, each escaped as the Handlebars pipeline escapes it. */
export function fillShell(shell: Shell, context: Context): string {
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

function describeSlot(field: SlotField, form: SlotForm): string {
  if (form === 'href') return `{{url ${field}}}`;
  return form === 'text' ? `{{${field}}}` : `{{{${field}}}}`;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
