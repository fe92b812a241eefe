import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/logger.ts';
import { addressHash, redactFields, redactText } from '../../src/log/redact-addresses.ts';

const KEY = 'test-secret-of-sufficient-length';

describe('address redaction in logs', () => {
  it('replaces every address, in text or URL-encoded, by a keyed short hash', () => {
    const hash = addressHash(KEY, 'ada@example.com');
    expect(hash).toMatch(/^<email:[0-9a-f]{10}>$/);
    expect(addressHash(KEY, 'ADA@Example.com')).toBe(hash);
    expect(addressHash('another-secret-value', 'ada@example.com')).not.toBe(hash);
    expect(redactText('Invalid `to`: ADA@example.com, bob+x@mail.example.org.', KEY)).toBe(
      `Invalid \`to\`: ${hash}, ${addressHash(KEY, 'bob+x@mail.example.org')}.`,
    );
    expect(redactText('/archive/ada%40example.com', KEY)).toBe(`/archive/${hash}`);
    expect(redactText('GET /u?email=ada@example.com&x=1', KEY)).toBe(`GET /u?email=${hash}&x=1`);
    expect(redactText("'ada@example.com'", KEY)).toBe(`'${hash}'`);
    // Every character a local part may hold is covered: nothing of the address stays readable.
    for (const address of [
      "o'brien@example.com",
      'a=b@example.com',
      'x/y@example.com',
      'r&d@example.com',
      'ok?@example.com',
    ]) {
      expect(redactText(`to ${address}.`, KEY)).toBe(`to ${addressHash(KEY, address)}.`);
    }
    expect(redactText('no address here, just @handles and 50%', KEY)).toBe(
      'no address here, just @handles and 50%',
    );
  });

  it('reaches nested fields, arrays and errors, and the message itself', () => {
    const { logger, entries } = createMemoryLogger(KEY);
    logger.error(
      {
        reason: 'bounced: ada@example.com',
        detail: { to: ['ada@example.com'], nested: { deeper: 'x ada@example.com' } },
        error: new Error('insert failed for "ada@example.com"'),
        subscriber: 7,
      },
      'mail to ada@example.com failed',
    );
    const line = JSON.stringify(entries);
    expect(line).not.toMatch(/ada@example\.com/i);
    const hash = addressHash(KEY, 'ada@example.com');
    expect(entries[0]).toMatchObject({
      msg: `mail to ${hash} failed`,
      reason: `bounced: ${hash}`,
      detail: { to: [hash], nested: { deeper: `x ${hash}` } },
      error: { type: 'Error', message: `insert failed for "${hash}"` },
      subscriber: 7,
    });
    expect(redactFields(null, KEY)).toBeNull();
  });
});
