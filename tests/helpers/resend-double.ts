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

/** A template as the double keeps it: the draft being edited and the version emails use. */
export interface DoubleTemplate {
  id: string;
  name: string;
  alias: string | null;
  html: string;
  text: string | null;
  variables: { key: string; type: string; fallback_value: string | number | null }[];
  /** What emails naming this template are rendered from; null until published. */
  published: { html: string; text: string | null } | null;
  createdAt: string;
}

/** Resend reserves these names for its own variables. */
const RESERVED_VARIABLES = new Set([
  'FIRST_NAME',
  'LAST_NAME',
  'EMAIL',
  'UNSUBSCRIBE_URL',
  'contact',
  'this',
]);
const TEMPLATE_VARIABLE = /\{\{\{\s*([A-Za-z0-9_]+)\s*\}\}\}/g;

interface StoredReply {
  bodyHash: string;
  status: number;
  body: unknown;
}

/**
 * A local stand-in for Resend's API, driven through the real SDK via RESEND_BASE_URL. It implements the
 * parts delivery depends on: POST /emails/batch (≤ 100, permissive validation), idempotency keys
 * (replay on the same body, 409 on a different one, 409 while the first is in flight), rate-limit
 * headers with 429 + retry-after, injected faults, and Templates (create, get by id or alias, update,
 * publish; emails naming a published template are rendered from it with their variables).
 */
export class ResendDouble {
  readonly accepted: AcceptedEmail[] = [];
  requests = 0;
  rateLimited = 0;
  /** Times at which each batch request arrived (ms since epoch), for rate measurements. */
  readonly requestTimes: number[] = [];
  readonly templates = new Map<string, DoubleTemplate>();
  /** Requests to the /templates endpoints. */
  templateRequests = 0;
  /** Body bytes of every batch request, for payload-size checks. */
  readonly batchBytes: number[] = [];
  private readonly faults: Fault[] = [];
  private readonly templateFaults: number[] = [];
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
      void this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ name: 'application_error', message: String(error), statusCode: 500 }));
      });
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
    const authorized = !this.options.apiKey || req.headers.authorization === `Bearer ${this.options.apiKey}`;
    const limitHeaders =
      (isSend || isTemplate) && authorized
        ? this.countAgainstLimit(arrivedAt)
        : { limited: false, headers: {} };
    const bytes = await readBody(req);
    if (isTemplate && authorized) {
      if (limitHeaders.limited) {
        this.rateLimited++;
        const body = { name: 'rate_limit_exceeded', message: 'Too many requests', statusCode: 429 };
        return reply(res, 429, body, limitHeaders.headers);
      }
      const [status, body] = this.handleTemplate(req.method ?? 'GET', req.url!, bytes);
      return reply(res, status, body, limitHeaders.headers);
    }
    const raw = this.options.lean === true ? '' : bytes.toString('utf8');
    if (req.method === 'GET' && req.url === '/__stats') {
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
    if (!authorized) {
      return reply(res, 401, { name: 'validation_error', message: 'API key is invalid', statusCode: 401 });
    }
    if (!isSend) {
      return reply(res, 404, { name: 'not_found', message: 'not found', statusCode: 404 });
    }
    this.requests++;
    this.requestTimes.push(arrivedAt);
    this.batchBytes.push(bytes.length);
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
      const bodies: ({ html: string; text: string } | undefined)[] = [];
      emails.forEach((email, index) => {
        const to = Array.isArray(email.to) ? String(email.to[0]) : String(email.to);
        const rendered = this.options.lean === true ? undefined : this.renderTemplate(email.template);
        bodies.push(rendered && 'html' in rendered ? rendered : undefined);
        const problem =
          (rendered && 'error' in rendered ? rendered.error : undefined) ?? this.options.rejects?.(to);
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
          html: lean ? '' : (bodies[index]?.html ?? String(email.html ?? '')),
          text: lean ? '' : (bodies[index]?.text ?? String(email.text ?? '')),
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

  private findTemplate(idOrAlias: string): DoubleTemplate | undefined {
    return this.templates.get(idOrAlias) ?? [...this.templates.values()].find((t) => t.alias === idOrAlias);
  }

  /** The /templates endpoints: [status, body]. */
  private handleTemplate(method: string, url: string, bytes: Buffer): [number, unknown] {
    this.templateRequests++;
    const injected = this.templateFaults.shift();
    if (injected !== undefined)
      return [injected, { name: 'application_error', message: 'injected', statusCode: injected }];
    const notFound: [number, unknown] = [
      404,
      { name: 'not_found', message: 'Template not found', statusCode: 404 },
    ];
    const invalid = (message: string): [number, unknown] => [
      422,
      { name: 'validation_error', message, statusCode: 422 },
    ];
    const path = url.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    const input = bytes.length > 0 ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {};
    if (method === 'POST' && path.length === 1) {
      if (typeof input.name !== 'string' || input.name === '') return invalid('name is required');
      if (typeof input.html !== 'string' || input.html === '') return invalid('html is required');
      const alias = typeof input.alias === 'string' ? input.alias : null;
      if (alias && this.findTemplate(alias)) return invalid(`alias "${alias}" is already in use`);
      const variables = (input.variables ?? []) as DoubleTemplate['variables'];
      const problem = undeclaredVariable(input.html, input.text, variables);
      if (problem) return invalid(problem);
      const id = `tpl_${String(this.templates.size + 1).padStart(6, '0')}`;
      this.templates.set(id, {
        id,
        name: input.name,
        alias,
        html: input.html,
        text: typeof input.text === 'string' ? input.text : null,
        variables: variables.map((v) => ({
          key: v.key,
          type: v.type,
          fallback_value: v.fallback_value ?? null,
        })),
        published: null,
        createdAt: new Date().toISOString(),
      });
      return [201, { id, object: 'template' }];
    }
    const template = path[1] ? this.findTemplate(path[1]) : undefined;
    if (!template) return notFound;
    if (method === 'GET' && path.length === 2) {
      return [
        200,
        {
          object: 'template',
          id: template.id,
          name: template.name,
          alias: template.alias,
          html: template.html,
          text: template.text,
          subject: null,
          from: null,
          reply_to: null,
          variables: template.variables,
          status: template.published ? 'published' : 'draft',
          published_at: template.published ? template.createdAt : null,
          created_at: template.createdAt,
          updated_at: template.createdAt,
          has_unpublished_versions:
            template.published !== null &&
            (template.published.html !== template.html || template.published.text !== template.text),
          current_version_id: template.id,
        },
      ];
    }
    if (method === 'PATCH' && path.length === 2) {
      if (typeof input.html === 'string') template.html = input.html;
      if (typeof input.text === 'string') template.text = input.text;
      return [200, { id: template.id, object: 'template' }];
    }
    if (method === 'POST' && path.length === 3 && path[2] === 'publish') {
      template.published = { html: template.html, text: template.text };
      return [200, { id: template.id, object: 'template' }];
    }
    return notFound;
  }

  /** An email's bodies from the template it names, or why it cannot be sent; undefined without one. */
  private renderTemplate(reference: unknown): { html: string; text: string } | { error: string } | undefined {
    if (reference === undefined || reference === null) return undefined;
    const { id, variables = {} } = reference as { id?: string; variables?: Record<string, unknown> };
    const template = id ? this.findTemplate(id) : undefined;
    if (!template) return { error: `template "${id}" not found` };
    if (!template.published) return { error: `template "${id}" is not published` };
    for (const variable of template.variables) {
      if (variables[variable.key] === undefined && variable.fallback_value === null)
        return { error: `variable ${variable.key} has no value and no fallback` };
    }
    const fill = (body: string) =>
      body.replace(TEMPLATE_VARIABLE, (_, key: string) => {
        const declared = template.variables.find((v) => v.key === key);
        return String(variables[key] ?? declared?.fallback_value ?? '');
      });
    return { html: fill(template.published.html), text: fill(template.published.text ?? '') };
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

/** Resend refuses a template that uses a variable it does not declare, or declares a reserved name. */
function undeclaredVariable(
  html: string,
  text: unknown,
  variables: readonly { key: string }[],
): string | undefined {
  const declared = new Set(variables.map((v) => v.key));
  for (const key of declared) if (RESERVED_VARIABLES.has(key)) return `variable name ${key} is reserved`;
  for (const body of [html, typeof text === 'string' ? text : '']) {
    for (const match of body.matchAll(TEMPLATE_VARIABLE)) {
      if (!declared.has(match[1]!))
        return `Variable '${match[1]}' is used in the template but not defined in the variables list`;
    }
  }
  return undefined;
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
