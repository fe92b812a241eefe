import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { createWebhookVerifier, signWebhook } from '../../src/server/webhook-signature.ts';
import { WEBHOOK_SECRET } from '../helpers/server-harness.ts';

describe('webhook signatures (svix scheme)', () => {
  const now = new Date();
  const payload = '{"type":"email.delivered","data":{}}';
  const verifier = createWebhookVerifier(WEBHOOK_SECRET);
  const headersOf = (h: Record<string, string>) => ({
    id: h['svix-id'],
    timestamp: h['svix-timestamp'],
    signature: h['svix-signature'],
  });

  it('accepts exactly what svix itself accepts', () => {
    const headers = signWebhook(WEBHOOK_SECRET, 'msg_1', now, payload);
    expect(new Webhook(WEBHOOK_SECRET).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(verifier.verify(payload, headersOf(headers), now)).toEqual({ ok: true, id: 'msg_1' });
  });

  it('accepts any of several signatures (secret rotation) and ignores unknown versions', () => {
    const headers = signWebhook(WEBHOOK_SECRET, 'msg_2', now, payload);
    const signature = `v2,abc v1,${'A'.repeat(44)} ${headers['svix-signature']}`;
    expect(verifier.verify(payload, { ...headersOf(headers), signature }, now).ok).toBe(true);
  });

  it('uses the injected clock for the 5-minute window', () => {
    const sentAt = new Date('2020-01-01T00:00:00Z');
    const headers = headersOf(signWebhook(WEBHOOK_SECRET, 'msg_3', sentAt, payload));
    expect(verifier.verify(payload, headers, new Date(sentAt.getTime() + 299_000)).ok).toBe(true);
    expect(verifier.verify(payload, headers, new Date(sentAt.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('refuses a secret svix cannot decode at start-up', () => {
    expect(() => createWebhookVerifier('whsec_%%%')).toThrow();
  });
});
