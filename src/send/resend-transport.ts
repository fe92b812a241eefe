import { Resend } from 'resend';
import { type EditionTemplate, editionTemplate } from './edition-template.ts';
import type { RenderedEdition } from './personalize.ts';
import { createTemplatePublisher, type ResendError } from './resend-templates.ts';
import type { BatchOutcome, MessageOutcome, Quota, RateLimitInfo, Transport } from './transport.ts';

export interface ResendOptions {
  apiKey: string;
  /** Another server speaking Resend's API (tests point this at a local double). */
  baseUrl?: string | undefined;
  /** A request without an answer after this long is retried under the same idempotency key. */
  timeoutMs?: number | undefined;
  /** Waits out a rate-limit window used up by template setup (real time unless a test injects it). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /**
   * Keep each week's digest on Resend as a published Template and send only every recipient's values
   * (RESEND_TEMPLATES). An edition whose content Resend's template language would read goes inline.
   */
  templates?: boolean | undefined;
  /** Told once when the week cannot go out as a template and goes inline instead. */
  warn?: ((message: string) => void) | undefined;
}

/** Resend names the quota a 429 is about (its errors page); any other 429 is the rate limit. */
const QUOTA_ERRORS: Record<string, Quota> = {
  daily_quota_exceeded: 'daily',
  monthly_quota_exceeded: 'monthly',
};

/**
 * Sends through Resend's batch endpoint (≤ 100 a request) with an idempotency key per batch and
 * permissive validation, so one bad address fails alone. The SDK never throws and never retries:
 * every answer becomes a BatchOutcome and the sender decides.
 */
export function createResendTransport(options: ResendOptions): Transport {
  const client = new WireHookResend(
    options.apiKey,
    options.baseUrl ? { baseUrl: options.baseUrl } : undefined,
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  const publisher = createTemplatePublisher(
    client,
    options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  );
  const templates = new WeakMap<RenderedEdition, EditionTemplate | undefined>();
  // A sending-only key may not manage templates: the week then goes inline, for this whole run.
  let templatesRefused = false;
  const templateOf = (edition: RenderedEdition) => {
    if (templatesRefused) return undefined;
    if (!templates.has(edition)) {
      const template = editionTemplate(edition);
      templates.set(edition, 'refused' in template ? undefined : template);
    }
    return templates.get(edition);
  };
  return {
    name: 'resend',
    maxBatchSize: 100,
    pacesBeforeWire: true,
    async sendBatch(messages, { idempotencyKey, beforeWire }): Promise<BatchOutcome> {
      // Each email goes out as its variant's template (readers who follow topics get other variants);
      // every template the batch names is ready on Resend before the batch is sent.
      const editions = options.templates ? [...new Set(messages.map((m) => m.personal?.edition))] : [];
      for (const edition of editions) {
        const template = edition ? templateOf(edition) : undefined;
        if (!template) continue;
        const ready = await publisher.ensure(template);
        if (!ready.ok && ready.error.name === 'restricted_api_key') {
          templatesRefused = true;
          options.warn?.(
            'RESEND_TEMPLATES: the API key may only send emails (Resend: restricted_api_key), so it cannot keep ' +
              "the week as a template; sending every email with its HTML and text instead. Give the key 'Full access' to use templates.",
          );
          break;
        }
        if (!ready.ok) {
          const error = { ...ready.error, message: `template ${template.alias}: ${ready.error.message}` };
          return classifyError(error, ready.headers, readRateLimit(ready.headers));
        }
      }
      // The same batch always yields the same payload (the alias, not the id, names the template), so a
      // retry under the same idempotency key is recognized as the same request.
      const payload = messages.map((message) => {
        const template =
          options.templates && message.personal ? templateOf(message.personal.edition) : undefined;
        return {
          from: message.from,
          to: [message.to],
          subject: message.subject,
          headers: message.headers,
          tags: message.tags,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(template && message.personal
            ? { template: { id: template.alias, variables: message.personal.variables } }
            : { html: message.html, text: message.text }),
        };
      });
      // The timeout runs from the moment the request goes out, not while the pacer holds it.
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const response = await client.hooked(
        async () => {
          await beforeWire?.();
          timer = setTimeout(() => abort.abort(new Error('timeout')), timeoutMs);
        },
        () =>
          client.batch.send(payload, { idempotencyKey, batchValidation: 'permissive', signal: abort.signal }),
      );
      clearTimeout(timer);
      const rateLimit = readRateLimit(response.headers);
      if (response.error) return classifyError(response.error, response.headers, rateLimit);
      const outcomes = mapOutcomes(messages.length, response.data);
      if (!outcomes) {
        const data = Array.isArray(response.data?.data) ? response.data.data : [];
        const errors = response.data?.errors ?? [];
        const reason = `the provider took the batch but its answer names ${data.length} emails and ${errors.length} errors for ${messages.length} sent: settled by delivery events`;
        return { kind: 'unaccounted', reason, rateLimit };
      }
      return { kind: 'accepted', outcomes, rateLimit };
    },
  };
}

/**
 * The SDK serializes a 100-email batch (~5 MB, ~25 ms) inside `batch.send`, then calls `fetchRequest`.
 * Running the pacer's wait there, after serialization, puts the moment the pacer counts as "sent" within
 * a millisecond or two of the provider seeing the request, instead of a serialization (and GC pause) early.
 */
class WireHookResend extends Resend {
  private pending: (() => Promise<void>) | undefined;

  /**
   * Runs `send` with `hook` awaited just before the request is written. The SDK reaches `fetchRequest`
   * synchronously from `batch.send` (nothing is awaited on the way for html payloads), so the hook is
   * taken there before any other send can start: concurrent sends each get their own.
   */
  async hooked<T>(hook: () => Promise<void>, send: () => Promise<T>): Promise<T> {
    let called = false;
    this.pending = async () => {
      called = true;
      await hook();
    };
    const sending = send();
    this.pending = undefined;
    const result = await sending;
    // The SDK refused before making a request: still pace once, as the caller expects.
    if (!called) await hook();
    return result;
  }

  override async fetchRequest<T>(path: string, options?: Parameters<Resend['fetchRequest']>[1]) {
    const hook = this.pending;
    this.pending = undefined;
    if (!hook) return super.fetchRequest<T>(path, options);
    // Encoded here, before the wait: fetch would otherwise turn the 5 MB string into bytes after it.
    const request = options as { body?: unknown } | undefined;
    const encoded =
      request && typeof request.body === 'string' ? { ...request, body: Buffer.from(request.body) } : options;
    await hook();
    return super.fetchRequest<T>(path, encoded);
  }
}

/**
 * Permissive mode lists the accepted emails' ids in order, skipping the indexes named in `errors`. An
 * answer whose ids and errors do not add up to the emails sent cannot be mapped by position: undefined.
 */
function mapOutcomes(
  count: number,
  body: { data: { id: string }[]; errors?: { index: number; message: string }[] },
): MessageOutcome[] | undefined {
  // An answer without a list of ids (a proxy's page, a changed API) says nothing about what was taken.
  if (!Array.isArray(body?.data)) return undefined;
  const errors = new Map((body.errors ?? []).map((e) => [e.index, e.message]));
  const ids = body.data.map((entry) => entry.id);
  const errorsInRange = [...errors.keys()].filter(
    (index) => Number.isInteger(index) && index >= 0 && index < count,
  );
  if (errors.size !== errorsInRange.length || ids.length + errors.size !== count) return undefined;
  const outcomes: MessageOutcome[] = [];
  let next = 0;
  for (let index = 0; index < count; index++) {
    const error = errors.get(index);
    if (error !== undefined) outcomes.push({ ok: false, error });
    else {
      const id = ids[next++];
      outcomes.push(id ? { ok: true, providerId: id } : { ok: false, error: 'accepted without an id' });
    }
  }
  return outcomes;
}

function classifyError(
  error: ResendError,
  headers: Record<string, string> | null,
  rateLimit: RateLimitInfo | undefined,
): BatchOutcome {
  const status = error.statusCode;
  const reason = `${status ?? 'no answer'} ${error.name}: ${error.message}`;
  if (status === 429 && QUOTA_ERRORS[error.name]) {
    return { kind: 'quota', quota: QUOTA_ERRORS[error.name]!, reason, rateLimit };
  }
  if (status === 429) {
    const retryAfter = Number(headers?.['retry-after']);
    const resetSeconds = rateLimit?.resetSeconds;
    const seconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : (resetSeconds ?? 1);
    return { kind: 'retry', reason, retryAfterMs: Math.max(0, seconds * 1000), rateLimit };
  }
  // No status: a timeout, reset or lost answer. The request may have been accepted; the same key settles it.
  if (status === null || status >= 500) return { kind: 'retry', reason, rateLimit };
  // Another request with this key is still being processed.
  if (status === 409 && error.name === 'concurrent_idempotent_requests')
    return { kind: 'retry', reason, rateLimit };
  return { kind: 'fatal', reason };
}

function readRateLimit(headers: Record<string, string> | null): RateLimitInfo | undefined {
  if (!headers) return undefined;
  const number = (name: string) => {
    const value = headers[name];
    const parsed = value === undefined ? Number.NaN : Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const info = {
    limit: number('ratelimit-limit'),
    remaining: number('ratelimit-remaining'),
    resetSeconds: number('ratelimit-reset'),
  };
  return info.limit === undefined && info.remaining === undefined && info.resetSeconds === undefined
    ? undefined
    : info;
}
