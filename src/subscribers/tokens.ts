import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens: `<payload>.<signature>`, the payload base64url-encoded, the signature an HMAC-SHA256
 * over purpose + payload keyed by SECRET. Deterministic for the same input, so a retried email carries
 * the same link (DELIVERY.md §3).
 */
function sign(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('base64url').slice(0, 32);
}

function encode(secret: string, purpose: string, fields: string[]): string {
  const payload = Buffer.from(fields.join(':'), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, purpose, payload)}`;
}

function decode(secret: string, purpose: string, token: string): string[] | undefined {
  if (typeof token !== 'string' || token.length > 512) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8').split(':');
}

/** The per-subscriber unsubscribe token; it never expires (RFC 8058 links must keep working). */
export function unsubscribeToken(secret: string, subscriberId: number): string {
  return encode(secret, 'unsubscribe', [String(subscriberId)]);
}

export function verifyUnsubscribeToken(secret: string, token: string): number | undefined {
  const fields = decode(secret, 'unsubscribe', token);
  const id = Number(fields?.[0]);
  return fields?.length === 1 && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A confirmation token bound to the subscriber and an expiry instant (ms since epoch). */
export function confirmationToken(secret: string, subscriberId: number, expiresAtMs: number): string {
  return encode(secret, 'confirm', [String(subscriberId), String(expiresAtMs)]);
}

/** A confirmation token's verdict; `expiresAtMs` is what the signed token says (issued + lifetime). */
export type ConfirmationCheck =
  | { ok: true; subscriberId: number; expiresAtMs: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; subscriberId: number; expiresAtMs: number };

export function verifyConfirmationToken(secret: string, token: string, now: Date): ConfirmationCheck {
  const fields = decode(secret, 'confirm', token);
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
  return encode(secret, 'preferences', [String(subscriberId)]);
}

export function verifyPreferencesToken(secret: string, token: string): number | undefined {
  const fields = decode(secret, 'preferences', token);
  const id = Number(fields?.[0]);
  return fields?.length === 1 && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** `<publicUrl>/preferences?token=…` */
export function preferencesUrl(publicUrl: string, secret: string, subscriberId: number): string {
  return `${publicUrl}/preferences?token=${preferencesToken(secret, subscriberId)}`;
}
