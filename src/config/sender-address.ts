import addresses from 'email-addresses';
import { normalizeEmail } from '../subscribers/email-address.ts';

/**
 * True for one RFC 5322 mailbox, bare or with a display name: `digest@example.com`,
 * `Weekly Verdicts <digest@example.com>`, `"Verdicts, weekly" <digest@example.com>`. Groups, lists and
 * stray text are refused, and the address itself must be one subscribers could be sent to (a dotted
 * domain, no quoted local part), since replies and bounces go there.
 */
export function isSenderAddress(value: string): boolean {
  const parsed = addresses.parseOneAddress(value);
  return parsed?.type === 'mailbox' && normalizeEmail(parsed.address).ok;
}

/** The domain of the built-in example sender: fine for the outbox, never verified at a provider. */
export const EXAMPLE_SENDER_DOMAIN = 'verdicts.example.com';

/** The domain of a sender address (`Name <a@b.c>` or `a@b.c`), lower-cased. */
export function senderDomain(value: string): string | undefined {
  const parsed = addresses.parseOneAddress(value);
  return parsed?.type === 'mailbox' ? parsed.domain.toLowerCase() : undefined;
}

/**
 * Why EMAIL_FROM cannot send through Resend, if it cannot: still at the built-in example domain, which
 * no account has verified (Resend refuses it with 403).
 */
export function exampleSenderProblem(emailFrom: string): string | undefined {
  if (senderDomain(emailFrom) !== EXAMPLE_SENDER_DOMAIN) return undefined;
  return `EMAIL_FROM: ${emailFrom} is the built-in example sender (${EXAMPLE_SENDER_DOMAIN}); set EMAIL_FROM to an address at a domain verified in Resend`;
}
