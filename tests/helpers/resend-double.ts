import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An email the double accepted (what a real provider would deliver). */
export interface AcceptedEmail {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  idempotencyKey: string | undefined;
}

/** One fault, applied to the next request(s) that reach the batch endpoint. */
export type Fault =
  | { kind: 'status'; status: number; name?: string }
  /** Accept and record the batch, then drop the connection before answering. */
  | { kind: 'drop-after-accept' }
  /** Drop the connection without accepting anything. */
  | { kind: 'reset' }
  /** Accept, but answer only after this long (longer than the client's timeout = a lost answer). */
  | { kind: 'delay'; ms: number };

export interface ResendDoubleOptions {
  /** Requests allowed per window; unlimited when absent. */
  rateLimit?: { limit: number; windowMs: number } | undefined;
  /** Addresses the provider refuses (permissive validation lists them in `errors`). */
  rejects?: ((address: string) => string | undefined) | undefined;
  apiKey?: string | undefined;
  /** Keep only addresses and keys of accepted emails, not their bodies (benchmarks, large sends). */
  lean?: boolean | undefined;
  /** Every accepted batch is answered after this long (a provider's normal latency). */
  latencyMs?: number | undefined;
}

interface StoredReply {
  bodyHash: string;
  status: number;
  body: unknown;
}

/**
 * A local stand-in for Resend's API, driven through the real SDK via RESEND_BASE_URL. It implements the
 * parts delivery depends on: POST /emails/batch (≤ 100, permissive validation), idempotency keys
 * (replay on the same body, 409 on a different one, 409 while the first is in flight), rate-limit
 * headers with 429 + retry-after, and injected faults.
 */
export class ResendDouble {
  readonly accepted: AcceptedEmail[] = [];
  requests = 0;
  rateLimited = 0;
  /** Times at which each batch request arrived (ms since epoch), for rate measurements. */
  readonly requestTimes: number[] = [];
  private readonly faults: Fault[] = [];
  private readonly replies = new Map<string, StoredReply>();
  private readonly inFlight = new Set<string>();
  private windowStart = 0;
  private windowCount = 0;
  private nextId = 1;
  private server: Server | undefined;

  constructor(private readonly options: ResendDoubleOptions = {}) {}

  /** Faults injected but not yet met by a request. */
  get pendingFaults(): number {
    return this.faults.length;
  }

  /** Queues faults for the next requests, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ name: 'application_error', message: String(error), statusCode: 500 }));
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Addresses that received more than one accepted email. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const email of this.accepted) seen.set(email.to, (seen.get(email.to) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([to]) => to);
  }

  /** Expected addresses with no accepted email. */
  missing(expected: readonly string[]): string[] {
    const got = new Set(this.accepted.map((email) => email.to));
    return expected.filter((address) => !got.has(address));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Like an API gateway, the rate limit counts a request when it arrives, before its body is read.
    const arrivedAt = Date.now();
    const isSend = req.method === 'POST' && (req.url === '/emails/batch' || req.url === '/emails');
    const authorized = !this.options.apiKey || req.headers.authorization === `Bearer ${this.options.apiKey}`;
    const limitHeaders =
      isSend && authorized ? this.countAgainstLimit(arrivedAt) : { limited: false, headers: {} };
    const bytes = await readBody(req);
    const raw = this.options.lean === true ? '' : bytes.toString('utf8');
    if (req.method === 'GET' && req.url === '/__stats') {
      // For benchmarks that run the double in its own process.
      return reply(res, 200, {
        requests: this.requests,
        rateLimited: this.rateLimited,
        accepted: this.accepted.length,
        duplicates: this.duplicates().length,
        requestTimes: this.requestTimes,
      });
    }
    if (!authorized) {
      return reply(res, 401, { name: 'validation_error', message: 'API key is invalid', statusCode: 401 });
    }
    if (!isSend) {
      return reply(res, 404, { name: 'not_found', message: 'not found', statusCode: 404 });
    }
    this.requests++;
    this.requestTimes.push(arrivedAt);
    if (limitHeaders.limited) {
      this.rateLimited++;
      return reply(
        res,
        429,
        { name: 'rate_limit_exceeded', message: 'Too many requests', statusCode: 429 },
        limitHeaders.headers,
      );
    }
    const fault = this.faults.shift();
    if (fault?.kind === 'status') {
      return reply(
        res,
        fault.status,
        { name: fault.name ?? 'internal_server_error', message: 'injected', statusCode: fault.status },
        limitHeaders.headers,
      );
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const key = header(req, 'idempotency-key');
    const bodyHash = createHash('sha256').update(bytes).digest('hex');
    if (key) {
      const previous = this.replies.get(key);
      if (previous) {
        if (previous.bodyHash !== bodyHash) {
          return reply(
            res,
            409,
            { name: 'invalid_idempotent_request', message: 'same key, different payload', statusCode: 409 },
            limitHeaders.headers,
          );
        }
        return this.answer(req, res, fault, previous.status, previous.body, limitHeaders.headers);
      }
      if (this.inFlight.has(key)) {
        return reply(
          res,
          409,
          { name: 'concurrent_idempotent_requests', message: 'in progress', statusCode: 409 },
          limitHeaders.headers,
        );
      }
      this.inFlight.add(key);
    }
    try {
      const parsed = this.options.lean === true ? leanEmails(bytes) : (JSON.parse(raw) as unknown);
      const emails = (req.url === '/emails' ? [parsed] : parsed) as Record<string, unknown>[];
      if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) {
        const body = { name: 'validation_error', message: 'a batch holds 1 to 100 emails', statusCode: 422 };
        if (key) this.replies.set(key, { bodyHash, status: 422, body });
        return reply(res, 422, body, limitHeaders.headers);
      }
      const permissive = header(req, 'x-batch-validation') === 'permissive';
      const errors: { index: number; message: string }[] = [];
      emails.forEach((email, index) => {
        const to = Array.isArray(email.to) ? String(email.to[0]) : String(email.to);
        const problem = this.options.rejects?.(to);
        if (problem) errors.push({ index, message: problem });
      });
      if (errors.length > 0 && !permissive) {
        const body = { name: 'validation_error', message: errors[0]!.message, statusCode: 422 };
        if (key) this.replies.set(key, { bodyHash, status: 422, body });
        return reply(res, 422, body, limitHeaders.headers);
      }
      const data: { id: string }[] = [];
      emails.forEach((email, index) => {
        if (errors.some((e) => e.index === index)) return;
        const id = `em_${String(this.nextId++).padStart(8, '0')}`;
        data.push({ id });
        const lean = this.options.lean === true;
        this.accepted.push({
          id,
          to: Array.isArray(email.to) ? String(email.to[0]) : String(email.to),
          from: String(email.from),
          subject: String(email.subject),
          html: lean ? '' : String(email.html ?? ''),
          text: lean ? '' : String(email.text ?? ''),
          headers: lean ? {} : ((email.headers ?? {}) as Record<string, string>),
          tags: lean ? [] : ((email.tags ?? []) as { name: string; value: string }[]),
          idempotencyKey: key,
        });
      });
      const body = req.url === '/emails' ? data[0] : permissive ? { data, errors } : { data };
      if (key) this.replies.set(key, { bodyHash, status: 200, body });
      return await this.answer(req, res, fault, 200, body, limitHeaders.headers);
    } finally {
      if (key) this.inFlight.delete(key);
    }
  }

  /** Sends an answer, or loses it, as the injected fault says; replays are subject to faults too. */
  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    fault: Fault | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<void> {
    if (fault?.kind === 'drop-after-accept') {
      req.socket.destroy();
      return;
    }
    const wait = (fault?.kind === 'delay' ? fault.ms : 0) + (this.options.latencyMs ?? 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    reply(res, status, body, headers);
  }

  private countAgainstLimit(now: number): { limited: boolean; headers: Record<string, string> } {
    const limit = this.options.rateLimit;
    if (!limit) return { limited: false, headers: {} };
    if (now - this.windowStart >= limit.windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    // Whole seconds, rounded up, as Resend sends them.
    const reset = String(Math.max(1, Math.ceil((this.windowStart + limit.windowMs - now) / 1000)));
    if (this.windowCount >= limit.limit) {
      return {
        limited: true,
        headers: {
          'ratelimit-limit': String(limit.limit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': reset,
          'retry-after': reset,
        },
      };
    }
    this.windowCount++;
    return {
      limited: false,
      headers: {
        'ratelimit-limit': String(limit.limit),
        'ratelimit-remaining': String(limit.limit - this.windowCount),
        'ratelimit-reset': reset,
      },
    };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TO_FIELD = /"to":\["([^"\\]*)"/g;

/**
 * Lean mode's cheap reading of a batch: only each email's first `to` address, found without parsing
 * 5 MB of JSON (inside a JSON string a quote is always escaped, so `"to":["` only occurs as the key).
 * Keeps the double from being the bottleneck, or a source of GC pauses, in throughput benchmarks.
 */
function leanEmails(body: Buffer): Record<string, unknown>[] | Record<string, unknown> {
  const text = body.toString('latin1');
  const emails = [...text.matchAll(TO_FIELD)].map((match) => ({ to: [match[1]], from: '', subject: '' }));
  return text.startsWith('[') ? emails : (emails[0] ?? {});
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
