import type { TemplateVariables } from './edition-template.ts';
import type { RenderedEdition } from './personalize.ts';

/** One personalized email, ready for a transport. A pure function of (edition, subscriber). */
export interface OutgoingMessage {
  /** Ledger identity of the recipient; 0 for test copies outside the ledger. */
  subscriberId: number;
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  html: string;
  text: string;
  /** Extra headers such as List-Unsubscribe; values are plain strings. */
  headers: Record<string, string>;
  /** Provider tags for analytics (Resend: ASCII letters, digits, _ and - only). */
  tags: { name: string; value: string }[];
  /**
   * The edition the bodies were filled from and this recipient's values, for a transport that keeps the
   * edition on the provider's side (Resend Templates) and sends only the values.
   */
  personal?: { edition: RenderedEdition; variables: TemplateVariables } | undefined;
}

/** What a provider said about one message of an accepted batch. */
export type MessageOutcome = { ok: true; providerId: string } | { ok: false; error: string };

/** A provider's sending quota: how many emails an account may send a day or a month. */
export type Quota = 'daily' | 'monthly';

/**
 * The result of one batch request. Expected failures are values, not exceptions:
 * - `accepted`: the request was taken; `outcomes[i]` belongs to `messages[i]`.
 * - `unaccounted`: the request was taken, but the answer does not say which emails were (its ids do not
 *   add up): nothing may be mapped by position, and delivery webhooks settle each one.
 * - `retry`: nothing is known to be lost (429, 5xx, timeout, reset); send the same batch again with the
 *   same idempotency key, after `retryAfterMs` when the provider said so.
 * - `quota`: the account may send no more until its quota resets; nothing of this request was taken.
 * - `fatal`: the request can never succeed as is (bad API key, malformed request); stop and report.
 */
export type BatchOutcome =
  | { kind: 'accepted'; outcomes: MessageOutcome[]; rateLimit?: RateLimitInfo | undefined }
  | { kind: 'unaccounted'; reason: string; rateLimit?: RateLimitInfo | undefined }
  | {
      kind: 'retry';
      reason: string;
      retryAfterMs?: number | undefined;
      rateLimit?: RateLimitInfo | undefined;
    }
  | { kind: 'quota'; quota: Quota; reason: string; rateLimit?: RateLimitInfo | undefined }
  | { kind: 'fatal'; reason: string };

/** Rate-limit state as the provider reported it (ratelimit-* headers). */
export interface RateLimitInfo {
  limit?: number | undefined;
  remaining?: number | undefined;
  /** Seconds until the window resets. */
  resetSeconds?: number | undefined;
}

/** A way of delivering email: the outbox folder by default, Resend when configured. */
export interface Transport {
  readonly name: string;
  /** The most messages one `sendBatch` call takes. */
  readonly maxBatchSize: number;
  /**
   * True when `sendBatch` calls `options.beforeWire` itself, once the request is serialized and only the
   * write remains; the sender then paces there instead of before the call (see send-edition.ts).
   */
  readonly pacesBeforeWire?: boolean | undefined;
  sendBatch(
    messages: readonly OutgoingMessage[],
    options: { idempotencyKey: string; beforeWire?: (() => Promise<void>) | undefined },
  ): Promise<BatchOutcome>;
}
