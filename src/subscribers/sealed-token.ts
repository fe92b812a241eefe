import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHmac,
  type Decipher,
  hkdfSync,
  timingSafeEqual,
} from 'node:crypto';

/** What a token is for: a key of its own for each, so one kind can never pass for another. */
export type TokenPurpose = 'unsubscribe' | 'confirm' | 'preferences' | 'vote';

interface PurposeKeys {
  /** ECB is stateless per block, so one long-lived cipher serves every call (a new one costs ~3 µs). */
  encrypt: Cipher;
  decrypt: Decipher;
  mac: Buffer;
}

const BLOCK = 16;
const MAC_BYTES = 16;
const ENCODED_BLOCK = 22; // base64url of 16 bytes
const ENCODED_MAC = 22;

/**
 * Opaque tokens: two 64-bit numbers (a subscriber id and an expiry, or zero) fill one AES block, which is
 * encrypted with AES-256 as a single-block permutation (ECB on exactly one block: the same input gives
 * the same token, as DELIVERY.md §3 needs, and nothing of the id shows) and then authenticated with a
 * truncated HMAC-SHA256: `<block>.<mac>`, 45 characters. Both keys come from SECRET through HKDF, per
 * purpose; verifying needs no database.
 */
export function createTokenSealer(secret: string) {
  const keys = new Map<TokenPurpose, PurposeKeys>();
  const keysFor = (purpose: TokenPurpose): PurposeKeys => {
    let found = keys.get(purpose);
    if (!found) {
      const derive = (use: string) =>
        Buffer.from(hkdfSync('sha256', secret, 'weekly-verdicts tokens v2', `${purpose}/${use}`, 32));
      const cipher = derive('cipher');
      found = {
        encrypt: createCipheriv('aes-256-ecb', cipher, null).setAutoPadding(false),
        decrypt: createDecipheriv('aes-256-ecb', cipher, null).setAutoPadding(false),
        mac: derive('mac'),
      };
      keys.set(purpose, found);
    }
    return found;
  };
  const mac = (key: Buffer, block: string) =>
    createHmac('sha256', key).update(block).digest().subarray(0, MAC_BYTES).toString('base64url');

  return {
    seal(purpose: TokenPurpose, first: bigint, second: bigint): string {
      const plain = Buffer.alloc(BLOCK);
      plain.writeBigUInt64BE(first, 0);
      plain.writeBigUInt64BE(second, 8);
      const { encrypt, mac: macKey } = keysFor(purpose);
      const block = encrypt.update(plain).toString('base64url');
      return `${block}.${mac(macKey, block)}`;
    },

    /** The two numbers, or undefined for anything not sealed by this secret for this purpose. */
    open(purpose: TokenPurpose, token: string): [bigint, bigint] | undefined {
      const dot = token.indexOf('.');
      if (dot !== ENCODED_BLOCK || token.length !== ENCODED_BLOCK + 1 + ENCODED_MAC) return undefined;
      const block = token.slice(0, dot);
      const { decrypt, mac: macKey } = keysFor(purpose);
      const expected = Buffer.from(mac(macKey, block));
      const given = Buffer.from(token.slice(dot + 1));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const sealed = Buffer.from(block, 'base64url');
      if (sealed.length !== BLOCK) return undefined;
      const plain = decrypt.update(sealed);
      return [plain.readBigUInt64BE(0), plain.readBigUInt64BE(8)];
    },
  };
}

export type TokenSealer = ReturnType<typeof createTokenSealer>;
