import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log/logger.ts';
import { addressHash } from '../../src/log/redact-addresses.ts';
import type { BatchOutcome } from '../../src/send/transport.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { linkIn, SECRET, type ServerHarness, serverHarness } from '../helpers/server-harness.ts';

const ADDRESS = 'Ada.Lovelace+news@Example.com';
const STORED = ADDRESS.toLowerCase();

describe.each(DIALECTS)('server logs on %s', (dialect) => {
  let h: ServerHarness;
  afterEach(async () => {
    await h.close();
  });

  it('never hold a subscriber’s address, on any error path: a short hash stands in', async () => {
    const { logger, entries } = createMemoryLogger(SECRET);
    // Each signup meets a different failure; the provider's words quote the address, as Resend's do.
    const failures: Array<() => BatchOutcome | Error> = [
      () => ({ kind: 'fatal', reason: `Invalid \`to\` field: ${ADDRESS.toUpperCase()}` }),
      () => ({ kind: 'quota', quota: 'daily', reason: `daily quota used up sending to ${STORED}` }),
      () => ({ kind: 'accepted', outcomes: [{ ok: false, error: `${STORED} is on the suppression list` }] }),
      () => new Error(`connect ECONNREFUSED while sending to <${STORED}>`),
      () => ({ kind: 'retry', reason: `timeout for ${STORED}` }),
    ];
    let next: (() => BatchOutcome | Error) | undefined;
    const take = () => {
      const failure = next?.();
      return failure;
    };
    h = await serverHarness(dialect, {
      log: logger,
      transportAnswer: () => {
        const failure = take();
        return failure instanceof Error ? undefined : failure;
      },
      transportThrows: () => {
        const failure = take();
        return failure instanceof Error ? failure : undefined;
      },
    });
    for (const [i, failure] of failures.entries()) {
      next = failure;
      await h.form('/subscribe', { email: ADDRESS, name: `Ada ${STORED}` }, `198.51.100.${i}`);
      h.advance(2 * 60 * 60_000);
    }
    // A confirmation that goes through, then a welcome email the provider refuses.
    next = undefined;
    await h.json('/api/subscribe', { email: ADDRESS }, '198.51.100.50');
    const link = linkIn(h.sent.at(-1), '/confirm');
    next = () => ({ kind: 'fatal', reason: `welcome to ${STORED} refused` });
    expect((await h.request(link, { method: 'POST' })).status).toBe(200);
    // Addresses in paths: a 404, and an unsubscribe with junk.
    await h.request(`/archive/${STORED}`);
    await h.request(`/${encodeURIComponent(STORED)}`);
    await h.request(`/unsubscribe?token=${STORED}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });

    const all = JSON.stringify(entries);
    expect(entries.length).toBeGreaterThan(10);
    expect(all.toLowerCase()).not.toContain('ada.lovelace');
    expect(all.toLowerCase()).not.toContain('example.com');
    const hash = addressHash(SECRET, STORED);
    const messages = entries.map((entry) => entry.msg);
    for (const message of [
      'confirmation email not sent',
      'confirmation email deferred: quota used up',
      'signup failed',
      'welcome email not sent',
    ]) {
      expect(messages).toContain(message);
    }
    expect(all).toContain(hash);
  });
});
