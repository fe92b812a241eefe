import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';

/** A token in the first format (`<base64url fields>.<HMAC>`), as emails sent before opaque tokens carry. */
export function legacyToken(secret: string, purpose: 'unsubscribe' | 'confirm', fields: string[]): string {
  const payload = Buffer.from(fields.join(':'), 'utf8').toString('base64url');
  const signature = createHmac('sha256', secret)
    .update(`${purpose}\n${payload}`)
    .digest('base64url')
    .slice(0, 32);
  return `${payload}.${signature}`;
}

/** An opaque token as issued before the AES tag: the same sealed block, tagged with truncated HMAC-SHA256. */
export function hmacTaggedToken(
  secret: string,
  purpose: 'unsubscribe' | 'confirm' | 'preferences',
  first: bigint,
  second: bigint,
): string {
  const key = (use: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'weekly-verdicts tokens v2', `${purpose}/${use}`, 32));
  const plain = Buffer.alloc(16);
  plain.writeBigUInt64BE(first, 0);
  plain.writeBigUInt64BE(second, 8);
  const cipher = createCipheriv('aes-256-ecb', key('cipher'), null).setAutoPadding(false);
  const block = cipher.update(plain).toString('base64url');
  const tag = createHmac('sha256', key('mac')).update(block).digest().subarray(0, 16).toString('base64url');
  return `${block}.${tag}`;
}
