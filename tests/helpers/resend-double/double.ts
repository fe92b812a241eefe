import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Account, type AccountOptions } from './account.ts';
import { errors, type ResendErrorBody } from './errors.ts';
import { type DoubleTemplate, TemplateStore } from './templates.ts';
import { emailProblem, fromDomain } from './validate-email.ts';

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
  | { kind: 'delay'; ms: number }
  /** Accept every email but answer with one id fewer and no error for it (an answer that does not add up). */
  | { kind: 'short-answer' };

export interface ResendDoubleOptions extends AccountOptions {
  /** Domains the account has verified; `from` at any other is refused with 403. Default: verdicts.example.com. */
  verifiedDomains?: readonly string[] | undefined;
  /** Addresses the provider refuses (permissive validation lists them in `errors`). */
  rejects?: ((address: string) => string | undefined) | undefined;
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

export const DEFAULT_VERIFIED_DOMAINS = ['verdicts.example.com'];

/**
 * A local stand-in for Resend's API, driven through the real SDK via RESEND_BASE_URL, as strict as the
 * API where the project meets it: POST /emails/batch (≤ 100, strict or permissive validation), API keys
 * (full access or sending-only), verified sending domains, tag and size rules, rate limits with 429 +
 * retry-after, daily and monthly quotas, idempotency keys (replay on the same body, 409 on a different
 * one, 409 while the first is in flight), injected faults, and Templates. Errors are Resend's bodies.
 */
export class ResendDouble {
  readonly accepted: AcceptedEmail[] = [];
  requests = 0;
  rateLimited = 0;
  /** Times at which each batch request arrived (ms since epoch), for rate measurements. */
  readonly requestTimes: number[] = [];
  /** Requests to the /templates endpoints. */
  templateRequests = 0;
  /** Body bytes of every batch request, for payload-size checks. */
  readonly batchBytes: number[] = [];
  readonly account: Account;
  private readonly templateStore = new TemplateStore();
  private readonly faults: Fault[] = [];
  private readonly templateFaults: number[] = [];
  private readonly replies = new Map<string, StoredReply>();
  private readonly inFlight = new Set<string>();
  private nextId = 1;
  private server: Server | undefined;

  constructor(private readonly options: ResendDoubleOptions = {}) {
    this.account = new Account(options);
  }

  get templates(): Map<string, DoubleTemplate> {
    return this.templateStore.templates;
  }

  /** Faults injected but not yet met by a request. */
  get pendingFaults(): number {
    return this.faults.length;
  }

  /** The next template requests answer with these statuses, in order, and change nothing. */
  injectTemplateFault(...statuses: number[]): void {
    this.templateFaults.push(...statuses);
  }

  /** Queues faults for the next requests, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error) =>
        reply(res, 500, { ...errors.internal(), message: String(error) }),
      );
    });
    // Long enough that undici keeps connections (it drops one whose announced keep-alive is ≤ 1 s);
    // stop() closes them all anyway.
    this.server.keepAliveTimeout = 30_000;
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
    const isTemplate = req.url?.startsWith('/templates') === true;
    if (req.method === 'GET' && req.url === '/__stats') {
      await readBody(req);
      // For benchmarks that run the double in its own process.
      return reply(res, 200, {
        requests: this.requests,
        rateLimited: this.rateLimited,
        accepted: this.accepted.length,
        duplicates: this.duplicates().length,
        requestTimes: this.requestTimes,
        templates: this.templates.size,
      });
    }
    const access = this.account.authorize(header(req, 'authorization'), isSend ? 'send' : 'other');
    const limit =
      access.ok && (isSend || isTemplate)
        ? this.account.countRequest(arrivedAt)
        : { limited: false, headers: {} };
    const bytes = await readBody(req);
    if (!access.ok) return replyError(res, access.error);
    if (isTemplate) {
      this.templateRequests++;
      if (limit.limited) return this.throttled(res, limit.headers);
      const injected = this.templateFaults.shift();
      if (injected !== undefined) return replyError(res, errors.internal(injected, 'application_error'));
      const [status, body] = this.templateStore.handle(req.method ?? 'GET', req.url!, bytes);
      return reply(res, status, body, limit.headers);
    }
    if (!isSend) return replyError(res, errors.notFound());
    this.requests++;
    this.requestTimes.push(arrivedAt);
    this.batchBytes.push(bytes.length);
    if (limit.limited) return this.throttled(res, limit.headers);
    const fault = this.faults.shift();
    if (fault?.kind === 'status')
      return replyError(res, errors.internal(fault.status, fault.name), limit.headers);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const key = header(req, 'idempotency-key');
    const bodyHash = createHash('sha256').update(bytes).digest('hex');
    if (key) {
      const previous = this.replies.get(key);
      if (previous) {
        if (previous.bodyHash !== bodyHash)
          return replyError(res, errors.invalidIdempotentRequest(), limit.headers);
        return this.answer(req, res, fault, previous.status, previous.body, limit.headers);
      }
      if (this.inFlight.has(key))
        return replyError(res, errors.concurrentIdempotentRequests(), limit.headers);
      this.inFlight.add(key);
    }
    try {
      const [status, body] = this.send(
        req.url === '/emails',
        bytes,
        header(req, 'x-batch-validation') === 'permissive',
        key,
        fault,
      );
      // Only a request that was taken is remembered under its key: a refused one may be sent again.
      if (key && status === 200) this.replies.set(key, { bodyHash, status, body });
      const headers = { ...limit.headers, ...this.account.quotaHeaders() };
      if (status !== 200) return reply(res, status, body, headers);
      return await this.answer(req, res, fault, status, body, headers);
    } finally {
      if (key) this.inFlight.delete(key);
    }
  }

  /** A send request's answer: [status, body]. */
  private send(
    single: boolean,
    bytes: Buffer,
    permissive: boolean,
    key: string | undefined,
    fault: Fault | undefined,
  ): [number, unknown] {
    const lean = this.options.lean === true;
    const parsed = lean ? leanEmails(bytes) : (JSON.parse(bytes.toString('utf8')) as unknown);
    const emails = (single ? [parsed] : parsed) as Record<string, unknown>[];
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100)
      return refusal(errors.validation('A batch holds 1 to 100 emails.'));
    if (!lean) {
      const verified = this.options.verifiedDomains ?? DEFAULT_VERIFIED_DOMAINS;
      const unverified = emails
        .map((email) => fromDomain(email.from))
        .find((domain) => domain && !verified.includes(domain));
      if (unverified) return refusal(errors.unverifiedDomain(unverified));
    }
    const problems: { index: number; message: string }[] = [];
    const bodies: ({ html: string; text: string } | undefined)[] = [];
    emails.forEach((email, index) => {
      const rendered = lean ? undefined : this.templateStore.render(email.template);
      bodies.push(rendered && 'html' in rendered ? rendered : undefined);
      const problem =
        (lean ? undefined : emailProblem(email)) ??
        (rendered && 'error' in rendered ? rendered.error : undefined) ??
        this.options.rejects?.(recipientOf(email));
      if (problem) problems.push({ index, message: problem });
    });
    if (problems.length > 0 && !permissive) return refusal(errors.validation(problems[0]!.message));
    const quota = this.account.quotaRefusal(emails.length - problems.length);
    if (quota) return refusal(quota);
    const data: { id: string }[] = [];
    emails.forEach((email, index) => {
      if (problems.some((p) => p.index === index)) return;
      const id = `em_${String(this.nextId++).padStart(8, '0')}`;
      data.push({ id });
      this.accepted.push({
        id,
        to: recipientOf(email),
        from: String(email.from),
        subject: String(email.subject),
        html: lean ? '' : (bodies[index]?.html ?? String(email.html ?? '')),
        text: lean ? '' : (bodies[index]?.text ?? String(email.text ?? '')),
        headers: lean ? {} : ((email.headers ?? {}) as Record<string, string>),
        tags: lean ? [] : ((email.tags ?? []) as { name: string; value: string }[]),
        idempotencyKey: key,
      });
    });
    this.account.countSent(data.length);
    const listed = fault?.kind === 'short-answer' ? data.slice(0, -1) : data;
    if (single) return [200, listed[0]];
    return [200, permissive ? { data: listed, errors: problems } : { data: listed }];
  }

  private throttled(res: ServerResponse, headers: Record<string, string>): void {
    this.rateLimited++;
    replyError(res, errors.rateLimit(), headers);
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
}

function refusal(error: ResendErrorBody): [number, unknown] {
  return [error.statusCode, error];
}

function recipientOf(email: Record<string, unknown>): string {
  return Array.isArray(email.to) ? String(email.to[0]) : String(email.to);
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

function replyError(res: ServerResponse, error: ResendErrorBody, headers: Record<string, string> = {}): void {
  reply(res, error.statusCode, error, headers);
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
