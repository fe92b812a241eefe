const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, for counting confirmation emails: `reader+1@x` and `reader+2@x`
 * reach one inbox, and at Gmail so do `r.e.a.d.e.r@gmail.com` and `reader@googlemail.com`. Only the
 * count uses it; the stored address is what the person typed. Takes a normalized (lower-case) address.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  // A leading `+` is the whole name, not a tag.
  const plus = local.indexOf('+', 1);
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    domain = 'gmail.com';
    local = local.replaceAll('.', '');
  }
  return `${local}@${domain}`;
}
