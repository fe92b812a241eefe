import { createHmac } from 'node:crypto';

/** A token in the first format (`<base64url fields>.<HMAC>`), as emails sent before opaque tokens carry. */
export function legacyToken(secret: string, purpose: 'unsubscribe' | 'confirm', fields: string[]): string {
  const payload = Buffer.from(fields.join(':'), 'utf8').toString('base64url');
  const signature = createHmac('sha256', secret)
    .update(`${purpose}\n${payload}`)
    .digest('base64url')
    .slice(0, 32);
  return `${payload}.${signature}`;
}
