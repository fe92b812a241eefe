import { z } from 'zod';
import { normalizeEmail } from './email-address.ts';

/** The longest input we read at all; the address itself is checked against RFC limits afterwards. */
const MAX_EMAIL_INPUT = 320;
export const MAX_NAME = 100;
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The form and the JSON API take the same fields; `website` is the honeypot a person never sees. */
const schema = z.object(
  {
    email: z
      .string({ error: 'Enter your email address.' })
      .max(MAX_EMAIL_INPUT, { error: `Enter an email address of at most 254 characters.` }),
    name: z
      .string({ error: 'The name must be text.' })
      .max(MAX_NAME, { error: `Keep the name to ${MAX_NAME} characters or fewer.` })
      .refine((name) => !CONTROL.test(name), { error: 'The name must be a single line of text.' })
      .optional(),
    // Anything at all in the honeypot marks a bot; its content is never read.
    website: z.unknown().optional(),
    // Topic ids to follow; a form sends one ticked checkbox as a single value, several as a list.
    topics: z
      .preprocess(
        (value) => (typeof value === 'string' ? [value] : value),
        z
          .array(
            z
              .string({ error: 'Each topic must be a topic id.' })
              .max(80, { error: 'A topic id is at most 80 characters.' }),
            {
              error: 'Send topics as a list of topic ids.',
            },
          )
          .max(100, { error: 'Choose at most 100 topics.' }),
      )
      .optional(),
  },
  { error: 'Send an object with an "email" field.' },
);

export interface SignupFields {
  email: string;
  name?: string | undefined;
  /** Topic ids to follow; absent follows everything. */
  topics?: string[] | undefined;
}

export type SignupInput =
  | { ok: true; value: SignupFields; honeypot: boolean }
  | { ok: false; issues: FieldIssue[] };

export interface FieldIssue {
  field: 'email' | 'name' | 'topics' | 'form';
  message: string;
}

/**
 * Validates a signup from either door (form fields or JSON). The address comes back normalized; an
 * empty name becomes no name. A filled honeypot is reported, not refused: the caller answers as if it
 * worked and stores nothing, so a bot learns nothing.
 */
export function parseSignup(input: unknown, knownTopics?: () => ReadonlySet<string>): SignupInput {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: fieldOf(issue.path[0]),
      message: issue.message,
    }));
    return { ok: false, issues };
  }
  const { email, name, website } = parsed.data;
  const normalized = normalizeEmail(email);
  if (!normalized.ok) {
    const shown = email.trim().length > 60 ? `${email.trim().slice(0, 57)}…` : email.trim();
    const message = shown === '' ? 'Enter your email address.' : `“${shown}” ${normalized.reason}.`;
    return { ok: false, issues: [{ field: 'email', message }] };
  }
  const trimmedName = name?.trim();
  const topics = [...new Set(parsed.data.topics ?? [])];
  if (topics.length > 0) {
    const known = knownTopics?.() ?? new Set<string>();
    const unknown = topics.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const shown = unknown.map((id) => `“${id.slice(0, 40)}”`).join(', ');
      return {
        ok: false,
        issues: [{ field: 'topics', message: `Unknown topic ${shown}: choose from the topics offered.` }],
      };
    }
  }
  return {
    ok: true,
    value: {
      email: normalized.email,
      name: trimmedName ? trimmedName : undefined,
      ...(topics.length > 0 ? { topics } : {}),
    },
    honeypot: website !== undefined && website !== '',
  };
}

function fieldOf(key: PropertyKey | undefined): FieldIssue['field'] {
  return key === 'email' || key === 'name' || key === 'topics' ? key : 'form';
}
