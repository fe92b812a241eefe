import type { Hono } from 'hono';
import { loadTransactionalTemplates, type TransactionalTemplates } from '../../src/render/transactional.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from '../../src/send/transport.ts';
import { clientIpResolver } from '../../src/server/client-ip.ts';
import { createApp } from '../../src/server/create-app.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { loadPages, type Pages } from '../../src/server/pages.ts';
import { createFixedWindowLimiter } from '../../src/server/rate-limiter.ts';
import { createTaskQueue } from '../../src/server/task-queue.ts';
import { createWebhookVerifier } from '../../src/server/webhook-signature.ts';
import { createArchiveReader } from '../../src/store/archive-store.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTransactionalMailer } from '../../src/subscribers/transactional-mailer.ts';
import { createTestDatabase, type TestDialect } from './databases.ts';

export const SITE_URL = 'https://verdicts.example.com';
export const PUBLIC_URL = 'https://news.example.com';
export const SECRET = 'test-secret-of-sufficient-length';
/** A whsec_ secret in svix's format (base64 of 24 bytes). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('weekly-verdicts-webhooks').toString('base64')}`;
export const T0 = new Date('2026-01-05T09:00:00.000Z');

let shared: Promise<{ pages: Pages; templates: TransactionalTemplates }> | undefined;
/** Templates are read once per test file. */
function templates() {
  shared ??= Promise.all([
    loadPages({ siteUrl: SITE_URL, postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield, USA' }),
    loadTransactionalTemplates(),
  ]).then(([pages, email]) => ({ pages, templates: email }));
  return shared;
}

export interface HarnessOptions {
  webhooks?: boolean | undefined;
  /** Signups per IP per 10 minutes (default 10). */
  signupsPerIp?: number | undefined;
  /** What the transport answers (default: accept everything). */
  transportAnswer?: (() => BatchOutcome) | undefined;
}

/**
 * The server app on a fresh database, wired like `verdicts serve` except for the clock (settable), the
 * transport (records messages) and the client address (the `ip` of each request).
 */
export async function serverHarness(dialect: TestDialect, options: HarnessOptions = {}) {
  const database = await createTestDatabase(dialect);
  const handle: StoreHandle = await openDatabase(database.url);
  let now = T0;
  const clock = () => now;
  const sent: OutgoingMessage[] = [];
  const transport: Transport = {
    name: 'recording',
    maxBatchSize: 100,
    async sendBatch(messages) {
      const answer = options.transportAnswer?.();
      if (answer) return answer;
      sent.push(...messages);
      return {
        kind: 'accepted',
        outcomes: messages.map((_, i) => ({ ok: true, providerId: `id-${sent.length + i}` })),
      };
    },
  };
  const { pages, templates: emailTemplates } = await templates();
  const subscribers = createSubscriberStore(handle.db, clock);
  const events = createDeliveryEventStore(handle.db, clock);
  const tasks = createTaskQueue(silentLogger);
  const app: Hono = createApp({
    subscribers,
    events,
    mailer: createTransactionalMailer({
      templates: emailTemplates,
      transportFor: () => transport,
      settings: {
        from: 'Weekly Verdicts <digest@verdicts.example.com>',
        siteUrl: SITE_URL,
        publicUrl: PUBLIC_URL,
        secret: SECRET,
        postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield, USA',
        timezone: 'UTC',
      },
      clock,
      sleep: async () => {},
    }),
    pages,
    clock,
    signupLimiter: createFixedWindowLimiter({
      limit: options.signupsPerIp ?? 10,
      windowMs: 10 * 60_000,
      clock,
    }),
    emailLimiter: createFixedWindowLimiter({ limit: 3, windowMs: 60 * 60_000, clock }),
    tasks,
    log: silentLogger,
    clientIp: clientIpResolver(false),
    webhooks: options.webhooks ? createWebhookVerifier(WEBHOOK_SECRET) : undefined,
    siteUrl: SITE_URL,
    publicUrl: PUBLIC_URL,
    secret: SECRET,
    archive: createArchiveReader(handle.db),
  });

  return {
    app,
    db: handle.db,
    subscribers,
    events,
    sent,
    tasks,
    clock,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** A request from `ip` (the socket address @hono/node-server would hand over); settles follow-up work. */
    async request(path: string, init: RequestInit = {}, ip = '203.0.113.7') {
      const response = await app.request(path, init, { incoming: { socket: { remoteAddress: ip } } });
      await tasks.idle();
      return response;
    },
    form(path: string, fields: Record<string, string>, ip?: string) {
      return this.request(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        },
        ip,
      );
    },
    json(path: string, body: unknown, ip?: string) {
      return this.request(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        },
        ip,
      );
    },
    async count() {
      const row = await handle.db
        .selectFrom('subscribers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async close() {
      await tasks.idle();
      await handle.close();
      await database.cleanup();
    },
  };
}

export type ServerHarness = Awaited<ReturnType<typeof serverHarness>>;

/** The confirmation link in a confirmation email's text part. */
export function linkIn(message: OutgoingMessage | undefined, path: '/confirm' | '/unsubscribe'): string {
  const match = message?.text.match(new RegExp(`${PUBLIC_URL}${path}\\?token=[A-Za-z0-9._-]+`));
  if (!match) throw new Error(`no ${path} link in ${message ? message.subject : 'no message'}`);
  return match[0].slice(PUBLIC_URL.length);
}
