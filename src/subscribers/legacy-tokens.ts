import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenPurpose } from './sealed-token.ts';

/**
 * The first token format, `<base64url "id" or "id:expiry">.<32-character HMAC>`, still in emails sent
 * before tokens became opaque: read, never issued. Its unsubscribe links never expire; its confirmation
 * links carry their expiry and lapse with it.
 */
export function openLegacyToken(secret: string, purpose: TokenPurpose, token: string): string[] | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || signature.length !== 32) return undefined;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('base64url').slice(0, 32),
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8').split(':');
}
