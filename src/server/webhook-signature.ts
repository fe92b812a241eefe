import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'svix';

/** How far a webhook's timestamp may be from our clock (svix's own tolerance). */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export interface SignedHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookCheck =
  | { ok: true; id: string }
  | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' };

export interface WebhookVerifier {
  verify(payload: string, headers: SignedHeaders, now: Date): WebhookCheck;
}

/**
 * Verifies Resend's webhooks (the svix scheme: HMAC-SHA256 over `id.timestamp.body`, keyed by the
 * `whsec_…` secret, any of several space-separated `v1,` signatures). svix's `verify()` reads the wall
 * clock, so the timestamp window is checked here against the injected clock and svix only computes the
 * signature. Throws at construction on a secret svix cannot decode.
 */
export function createWebhookVerifier(secret: string): WebhookVerifier {
  const webhook = new Webhook(secret);
  return {
    verify(payload, { id, timestamp, signature }, now) {
      if (!id || !timestamp || !signature || id.length > 200 || signature.length > 2000) {
        return { ok: false, reason: 'missing_headers' };
      }
      if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale_timestamp' };
      const sentAt = Number(timestamp) * 1000;
      if (Math.abs(now.getTime() - sentAt) > WEBHOOK_TOLERANCE_MS)
        return { ok: false, reason: 'stale_timestamp' };
      const expected = Buffer.from(webhook.sign(id, new Date(sentAt), payload).split(',')[1] ?? '');
      const matches = signature.split(' ').some((entry) => {
        const [version, value] = entry.split(',');
        if (version !== 'v1' || value === undefined) return false;
        const given = Buffer.from(value);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      return matches ? { ok: true, id } : { ok: false, reason: 'bad_signature' };
    },
  };
}

/** Signs like Resend does (tests, and trying a webhook endpoint by hand). */
export function signWebhook(
  secret: string,
  id: string,
  sentAt: Date,
  payload: string,
): Record<string, string> {
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(id, sentAt, payload),
  };
}
