/** Resend's rule for tag names and values: ASCII letters, digits, `_` and `-`, at most 256 characters. */
const TAG = /^[A-Za-z0-9_-]{1,256}$/;
/** Resend takes emails of up to 40 MB. */
const MAX_EMAIL_BYTES = 40 * 1024 * 1024;
const ADDRESS = /<?([^<>\s@]+@([^<>\s@]+\.[^<>\s@]+))>?\s*$/;

/** The domain of a `from` value (`Name <a@b.c>` or `a@b.c`), or undefined when it is not an address. */
export function fromDomain(from: unknown): string | undefined {
  return typeof from === 'string' ? ADDRESS.exec(from)?.[2]?.toLowerCase() : undefined;
}

/**
 * What Resend's validation would say about one email of a batch, or undefined when it passes: required
 * fields, recipient count, tags, size, and a body or a template (not both).
 */
export function emailProblem(email: Record<string, unknown>): string | undefined {
  for (const field of ['from', 'to', 'subject'] as const) {
    if (email[field] === undefined || email[field] === '') return `The \`${field}\` field is missing.`;
  }
  if (!fromDomain(email.from))
    return 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (to.length === 0 || to.length > 50) return 'The `to` field must hold 1 to 50 addresses.';
  if (!to.every((address) => typeof address === 'string' && ADDRESS.test(address)))
    return 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
  if (email.template !== undefined && (email.html !== undefined || email.text !== undefined))
    return 'Provide either `template` or `html`/`text`, not both.';
  const tags = email.tags;
  if (tags !== undefined) {
    if (!Array.isArray(tags)) return 'The `tags` field must be an array.';
    for (const tag of tags as { name?: unknown; value?: unknown }[]) {
      if (
        typeof tag.name !== 'string' ||
        !TAG.test(tag.name) ||
        (tag.value !== undefined && (typeof tag.value !== 'string' || !TAG.test(tag.value)))
      )
        return 'Tags should only contain ASCII letters, numbers, underscores, or dashes, and be at most 256 characters long.';
    }
  }
  const size = Buffer.byteLength(String(email.html ?? '')) + Buffer.byteLength(String(email.text ?? ''));
  if (size > MAX_EMAIL_BYTES) return 'The email is larger than 40 MB.';
  return undefined;
}
