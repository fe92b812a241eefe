import { describe, expect, it } from 'vitest';
import {
  confirmationToken,
  preferencesToken,
  unsubscribeToken,
  verifyConfirmationToken,
  verifyPreferencesToken,
  verifyUnsubscribeToken,
  verifyVoteToken,
  voteToken,
} from '../../src/subscribers/tokens.ts';
import { editionNumber, weekOfEdition } from '../../src/votes/edition-number.ts';
import { hmacTaggedToken, legacyToken } from '../helpers/legacy-token.ts';

const SECRET = 'test-secret-of-sufficient-length';
const NOW = new Date('2026-01-05T09:00:00.000Z');
const WEEK = 7 * 24 * 60 * 60_000;

/** Every way the id could show: decimal, hex, and base64url of either, or of its bytes. */
function traces(id: number): string[] {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(id));
  return [
    String(id),
    id.toString(16),
    Buffer.from(String(id)).toString('base64url').replace(/=+$/, ''),
    bytes.toString('base64url').slice(0, 10),
    bytes.toString('hex'),
  ].filter((trace) => trace.length >= 3);
}

describe('tokens', () => {
  it('are opaque: fixed length, no trace of the sequential id, nothing shared between neighbours', () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => unsubscribeToken(SECRET, i + 1));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const [i, token] of tokens.entries()) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
      for (const trace of traces(i + 1)) expect(token).not.toContain(trace);
    }
    // Neighbouring ids share no prefix a reader could count with.
    const prefixes = new Set(tokens.map((token) => token.slice(0, 4)));
    expect(prefixes.size).toBeGreaterThan(1900);
    const confirm = confirmationToken(SECRET, 12345, NOW.getTime() + WEEK);
    for (const trace of [...traces(12345), ...traces(NOW.getTime() + WEEK)])
      expect(confirm).not.toContain(trace);
  });

  it('are the same for the same subscriber (a retried email is byte-identical) and verify without a lookup', () => {
    expect(unsubscribeToken(SECRET, 42)).toBe(unsubscribeToken(SECRET, 42));
    expect(verifyUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 42))).toBe(42);
    const expires = NOW.getTime() + WEEK;
    expect(confirmationToken(SECRET, 42, expires)).toBe(confirmationToken(SECRET, 42, expires));
    expect(verifyConfirmationToken(SECRET, confirmationToken(SECRET, 42, expires), NOW)).toEqual({
      ok: true,
      subscriberId: 42,
      expiresAtMs: expires,
    });
    expect(
      verifyConfirmationToken(SECRET, confirmationToken(SECRET, 42, expires), new Date(expires + 1)),
    ).toEqual({ ok: false, reason: 'expired', subscriberId: 42, expiresAtMs: expires });
  });

  it('refuse another secret, the other purpose, and any changed character', () => {
    const token = unsubscribeToken(SECRET, 42);
    expect(verifyUnsubscribeToken('another-secret-of-enough-length', token)).toBeUndefined();
    expect(verifyConfirmationToken(SECRET, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const confirm = confirmationToken(SECRET, 42, NOW.getTime() + WEEK);
    expect(verifyUnsubscribeToken(SECRET, confirm)).toBeUndefined();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
      expect(verifyUnsubscribeToken(SECRET, changed), changed).toBeUndefined();
    }
    for (const junk of ['', '.', 'a.b', `${token}.x`, `${token}x`, 'x'.repeat(600), '%00']) {
      expect(verifyUnsubscribeToken(SECRET, junk)).toBeUndefined();
      expect(verifyConfirmationToken(SECRET, junk, NOW)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('still accept links of the first format: unsubscribe for good, confirm until it expires', () => {
    expect(verifyUnsubscribeToken(SECRET, legacyToken(SECRET, 'unsubscribe', ['42']))).toBe(42);
    expect(
      verifyUnsubscribeToken('another-secret-of-enough-length', legacyToken(SECRET, 'unsubscribe', ['42'])),
    ).toBe(undefined);
    expect(verifyUnsubscribeToken(SECRET, legacyToken(SECRET, 'confirm', ['42']))).toBeUndefined();
    const expires = NOW.getTime() + WEEK;
    const old = legacyToken(SECRET, 'confirm', ['42', String(expires)]);
    expect(verifyConfirmationToken(SECRET, old, NOW)).toEqual({
      ok: true,
      subscriberId: 42,
      expiresAtMs: expires,
    });
    expect(verifyConfirmationToken(SECRET, old, new Date(expires + 1))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('still accept opaque links tagged with HMAC, as emails sent before the AES tag carry them', () => {
    const unsubscribe = hmacTaggedToken(SECRET, 'unsubscribe', 42n, 0n);
    expect(unsubscribe).not.toBe(unsubscribeToken(SECRET, 42));
    expect(verifyUnsubscribeToken(SECRET, unsubscribe)).toBe(42);
    expect(verifyPreferencesToken(SECRET, hmacTaggedToken(SECRET, 'preferences', 42n, 0n))).toBe(42);
    expect(verifyPreferencesToken(SECRET, unsubscribe)).toBeUndefined();
    expect(verifyPreferencesToken(SECRET, preferencesToken(SECRET, 42))).toBe(42);
    const expires = NOW.getTime() + WEEK;
    expect(
      verifyConfirmationToken(SECRET, hmacTaggedToken(SECRET, 'confirm', 42n, BigInt(expires)), NOW),
    ).toEqual({ ok: true, subscriberId: 42, expiresAtMs: expires });
    expect(verifyUnsubscribeToken('another-secret-of-enough-length', unsubscribe)).toBeUndefined();
  });

  it('refuse another spelling of the same sealed block', () => {
    const token = unsubscribeToken(SECRET, 42);
    // 22 base64url characters carry 132 bits: the last one has 4 that decoding ignores.
    const last = token[21]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelled = `${token.slice(0, 21)}${sibling}${token.slice(22)}`;
    expect(Buffer.from(respelled.slice(0, 22), 'base64url')).toEqual(
      Buffer.from(token.slice(0, 22), 'base64url'),
    );
    expect(verifyUnsubscribeToken(SECRET, respelled)).toBeUndefined();
  });

  it('bind a vote to one subscriber and one week; no other token, secret or change passes', () => {
    const edition = editionNumber('2026-W48')!;
    expect(edition).toBe(202648);
    expect(weekOfEdition(edition)).toBe('2026-W48');
    const token = voteToken(SECRET, 42, edition);
    expect(token).toHaveLength(45);
    expect(voteToken(SECRET, 42, edition)).toBe(token);
    expect(verifyVoteToken(SECRET, token)).toEqual({ subscriberId: 42, edition: 202648 });
    expect(voteToken(SECRET, 43, edition)).not.toBe(token);
    expect(voteToken(SECRET, 42, editionNumber('2026-W49')!)).not.toBe(token);
    expect(verifyVoteToken('another-secret-of-enough-length', token)).toBeUndefined();
    for (const other of [unsubscribeToken(SECRET, 42), preferencesToken(SECRET, 42)]) {
      expect(verifyVoteToken(SECRET, other)).toBeUndefined();
    }
    expect(verifyUnsubscribeToken(SECRET, token)).toBeUndefined();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
      expect(verifyVoteToken(SECRET, changed), changed).toBeUndefined();
    }
    for (const junk of ['', 'none', `${token}x`, 'x'.repeat(600)])
      expect(verifyVoteToken(SECRET, junk)).toBeUndefined();
  });
});
