import { openLegacyToken } from './legacy-tokens.ts';
import { createTokenSealer, type TokenPurpose, type TokenSealer } from './sealed-token.ts';

/**
 * Signed, opaque tokens (sealed-token.ts): nothing in a link says which subscriber it is for, and the
 * same subscriber always gets the same unsubscribe link, so a retried email is byte-identical
 * (DELIVERY.md §3). Tokens of the first format (legacy-tokens.ts) are still accepted, never issued.
 */

const MAX_TOKEN = 512;
// Deriving a secret's keys costs ~30 µs and a send makes a token per recipient: each secret's sealer is
// kept (a process has one SECRET; a test run a handful).
const sealers = new Map<string, TokenSealer>();

function sealerFor(secret: string): TokenSealer {
  let sealer = sealers.get(secret);
  if (!sealer) {
    if (sealers.size >= 16) sealers.clear();
    sealer = createTokenSealer(secret);
    sealers.set(secret, sealer);
  }
  return sealer;
}

/** Both numbers of a current token, or the fields of a legacy one. */
function open(secret: string, purpose: TokenPurpose, token: string): number[] | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN) return undefined;
  const sealed = sealerFor(secret).open(purpose, token);
  if (sealed) return sealed.map((value) => (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : -1));
  return openLegacyToken(secret, purpose, token)?.map(Number);
}

/** The per-subscriber unsubscribe token; it never expires (RFC 8058 links must keep working). */
export function unsubscribeToken(secret: string, subscriberId: number): string {
  return sealerFor(secret).seal('unsubscribe', subscriberId, 0);
}

export function verifyUnsubscribeToken(secret: string, token: string): number | undefined {
  const fields = open(secret, 'unsubscribe', token);
  // A current token's second number is 0; a legacy one has the id alone.
  const [id = 0, rest = 0, ...more] = fields ?? [];
  return fields && more.length === 0 && rest === 0 && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A confirmation token bound to the subscriber and an expiry instant (ms since epoch). */
export function confirmationToken(secret: string, subscriberId: number, expiresAtMs: number): string {
  return sealerFor(secret).seal('confirm', subscriberId, Math.max(0, Math.trunc(expiresAtMs)));
}

/** A confirmation token's verdict; `expiresAtMs` is what the signed token says (issued + lifetime). */
export type ConfirmationCheck =
  | { ok: true; subscriberId: number; expiresAtMs: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; subscriberId: number; expiresAtMs: number };

export function verifyConfirmationToken(secret: string, token: string, now: Date): ConfirmationCheck {
  const fields = open(secret, 'confirm', token);
  const id = Number(fields?.[0]);
  const expires = Number(fields?.[1]);
  if (fields?.length !== 2 || !Number.isSafeInteger(id) || id <= 0 || !Number.isFinite(expires)) {
    return { ok: false, reason: 'invalid' };
  }
  if (now.getTime() > expires)
    return { ok: false, reason: 'expired', subscriberId: id, expiresAtMs: expires };
  return { ok: true, subscriberId: id, expiresAtMs: expires };
}

/** `<publicUrl>/unsubscribe?token=…` */
export function unsubscribeUrl(publicUrl: string, secret: string, subscriberId: number): string {
  return `${publicUrl}/unsubscribe?token=${unsubscribeToken(secret, subscriberId)}`;
}

/** The per-subscriber token of the preferences page; like the unsubscribe one, it never expires. */
export function preferencesToken(secret: string, subscriberId: number): string {
  return sealerFor(secret).seal('preferences', subscriberId, 0);
}

export function verifyPreferencesToken(secret: string, token: string): number | undefined {
  const fields = open(secret, 'preferences', token);
  const [id = 0, rest = 0, ...more] = fields ?? [];
  return fields && more.length === 0 && rest === 0 && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** `<publicUrl>/preferences?token=…` */
export function preferencesUrl(publicUrl: string, secret: string, subscriberId: number): string {
  return `${publicUrl}/preferences?token=${preferencesToken(secret, subscriberId)}`;
}

/**
 * A subscriber's vote token for one edition (`edition`: year × 100 + ISO week, see votes/edition-number.ts):
 * one per recipient and week, reused in every vote link of that week's digest.
 */
export function voteToken(secret: string, subscriberId: number, edition: number): string {
  return sealerFor(secret).seal('vote', subscriberId, edition);
}

/** The subscriber and edition a vote token was sealed for; undefined for anything else. */
export function verifyVoteToken(
  secret: string,
  token: string,
): { subscriberId: number; edition: number } | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN) return undefined;
  const sealed = sealerFor(secret).open('vote', token);
  if (!sealed) return undefined;
  const [id, edition] = sealed.map(Number) as [number, number];
  return Number.isSafeInteger(id) && id > 0 && Number.isSafeInteger(edition) && edition > 0
    ? { subscriberId: id, edition }
    : undefined;
}
