import { domainToASCII } from 'node:url';

export type NormalizedEmail = { ok: true; email: string } | { ok: false; reason: string };

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
// RFC 5322 dot-atom text (ASCII only: we do not promise SMTPUTF8 mailboxes).
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WHITESPACE = /\s/u;

/**
 * Trims and lower-cases an address and checks it is a plain `local@domain.tld` mailbox. Reasons are short
 * phrases meant to follow the quoted value: `"x" is not an email address`.
 */
export function normalizeEmail(input: string): NormalizedEmail {
  const email = input.trim().toLowerCase();
  if (email === '') return fail('is empty');
  if (CONTROL.test(email)) return fail('contains a line break or control character');
  if (WHITESPACE.test(email)) return fail('contains a space');
  if (email.length > MAX_ADDRESS) return fail(`is longer than ${MAX_ADDRESS} characters`);
  const parts = email.split('@');
  if (parts.length > 2) return fail('contains more than one @');
  const [local, rawDomain] = parts;
  if (local === undefined || rawDomain === undefined || local === '' || rawDomain === '') {
    return fail('is not an email address');
  }
  if (local.length > MAX_LOCAL) return fail(`has a part before the @ longer than ${MAX_LOCAL} characters`);
  if (!LOCAL_PART.test(local)) return fail('is not an email address');
  const domain = asciiDomain(rawDomain);
  if (domain === undefined) return fail(`has an invalid domain "${rawDomain}"`);
  const normalized = `${local}@${domain}`;
  if (normalized.length > MAX_ADDRESS) return fail(`is longer than ${MAX_ADDRESS} characters`);
  return { ok: true, email: normalized };
}

/** The domain in ASCII (IDNs become punycode), or undefined when it is not a dotted host name. */
function asciiDomain(raw: string): string | undefined {
  const domain = /^\p{ASCII}*$/u.test(raw) ? raw : domainToASCII(raw);
  if (domain === '' || !domain.includes('.')) return undefined;
  const labels = domain.split('.');
  const valid = labels.every((label) => label.length <= MAX_LABEL && DOMAIN_LABEL.test(label));
  // A numeric top-level label would make this an IP address, not a host name.
  const tld = labels[labels.length - 1] ?? '';
  return valid && /[a-z]/.test(tld) ? domain : undefined;
}

function fail(reason: string): NormalizedEmail {
  return { ok: false, reason };
}
