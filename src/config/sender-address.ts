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
