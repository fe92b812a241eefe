import { createHmac } from 'node:crypto';

// An address as it can reach a log line: in text, or URL-encoded in a path (`%40` for `@`), with every
// character a local part may hold, so no part of one is left readable.
const ADDRESS = /[A-Za-z0-9._%+!#$*^`{|}~'/=?&-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// `/`, `=`, `?` and `&` are legal in a local part but mostly end the path or query before an address
// (`/archive/ada@x.com`, `?email=ada@x.com`): such a prefix stays readable, and the hash is the address's.
const URL_PREFIX = /^(?:\/|[^?]*\?)[^@%]*[/=?&]/;
const MAX_DEPTH = 6;

/**
 * The short stand-in for an address in logs: `<email:1a2b3c4d5e>`, an HMAC of the lower-case address
 * keyed with SECRET, so an operator who knows an address can find its lines and nobody can reverse one.
 */
export function addressHash(key: string, email: string): string {
  const digest = createHmac('sha256', key).update(email.toLowerCase()).digest('hex').slice(0, 10);
  return `<email:${digest}>`;
}

/** Text with every address in it replaced by its hash. */
export function redactText(text: string, key: string): string {
  if (!text.includes('@') && !text.includes('%40')) return text;
  return text.replace(ADDRESS, (found) => {
    const prefix = URL_PREFIX.exec(found)?.[0] ?? found.match(/^'+/)?.[0] ?? '';
    return `${prefix}${addressHash(key, found.slice(prefix.length).replace(/%40/g, '@'))}`;
  });
}

/**
 * A log entry's fields with every address replaced, however deep (provider messages, error messages,
 * request paths). An Error becomes its name and redacted message: a stack repeats the message. The
 * same object comes back when nothing needed replacing (every request logs a line: no copy for those).
 */
export function redactFields(value: unknown, key: string, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, key);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return { type: value.name, message: redactText(value.message, key) };
  if (Array.isArray(value)) {
    const items = value.map((item) => redactFields(item, key, depth + 1));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  let copy: Record<string, unknown> | undefined;
  for (const name in value) {
    const field = (value as Record<string, unknown>)[name];
    const redacted = redactFields(field, key, depth + 1);
    if (redacted !== field) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[name] = redacted;
    }
  }
  return copy ?? value;
}
