import { loadConfig } from '../../src/config/config.ts';
import type { Topic } from '../../src/content/topics.ts';
import { type Logger, silentLogger } from '../../src/log/logger.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from '../../src/send/transport.ts';
import {
  composeApp,
  loadServerAssets,
  type ServerAssets,
  SIGNUPS_PER_IP,
} from '../../src/server/compose-app.ts';
import { createFixedWindowLimiter } from '../../src/server/rate-limiter.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createTestDatabase, type TestDialect } from './databases.ts';

export const SITE_URL = 'https://verdicts.example.com';
export const PUBLIC_URL = 'https://news.example.com';
export const SECRET = 'test-secret-of-sufficient-length';
/** A whsec_ secret in svix's format (base64 of 24 bytes). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('weekly-verdicts-webhooks').toString('base64')}`;
export const T0 = new Date('2026-01-05T09:00:00.000Z');

/** `verdicts serve`'s configuration, parsed as it parses it, with or without the webhook secret. */
function settings(webhooks: boolean, allowedHosts?: string) {
  return loadConfig({
    SITE_URL,
    PUBLIC_URL,
    SECRET,
    RESEND_WEBHOOK_SECRET: webhooks ? WEBHOOK_SECRET : undefined,
    ALLOWED_HOSTS: allowedHosts,
  });
}

const assets = new Map<boolean, Promise<ServerAssets>>();
/** Templates are read once per test file (and webhook setting). */
function assetsFor(webhooks: boolean) {
  let loaded = assets.get(webhooks);
  if (!loaded) {
    loaded = loadServerAssets(settings(webhooks));
    assets.set(webhooks, loaded);
  }
  return loaded;
}

export interface HarnessOptions {
  webhooks?: boolean | undefined;
  /** Signups per IP per 10 minutes (default: serve's 10). */
  signupsPerIp?: number | undefined;
  /** What the transport answers (default, or when it gives nothing: accept everything). */
  transportAnswer?: (() => BatchOutcome | undefined) | undefined;
  /** ALLOWED_HOSTS, e.g. `127.0.0.1` for a script that serves the app on a port. */
  allowedHosts?: string | undefined;
  /** Where the server logs (default: nowhere). */
  log?: Logger | undefined;
  /** What the transport throws instead of answering (a network failure). */
  transportThrows?: (() => Error | undefined) | undefined;
  /** The topics readers can follow (default: the repository's content folder's). */
  topics?: Topic[] | undefined;
}

/**
 * The server app on a fresh database, composed exactly as `verdicts serve` composes it except for the
 * clock (settable), the transport (records messages), the logger (silent) and the client address (the
 * `ip` of each request).
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
      const failure = options.transportThrows?.();
      if (failure) throw failure;
      const answer = options.transportAnswer?.();
      if (answer) return answer;
      sent.push(...messages);
      return {
        kind: 'accepted',
        outcomes: messages.map((_, i) => ({ ok: true, providerId: `id-${sent.length + i}` })),
      };
    },
  };
  const webhooks = Boolean(options.webhooks);
  const { app, tasks, subscribers, events } = composeApp(
    settings(webhooks, options.allowedHosts),
    await assetsFor(webhooks),
    {
      db: handle.db,
      clock,
      sleep: async () => {},
      transportFor: () => transport,
      log: options.log ?? silentLogger,
      topics: options.topics ? () => options.topics! : undefined,
      signupLimiter:
        options.signupsPerIp === undefined
          ? undefined
          : createFixedWindowLimiter({ ...SIGNUPS_PER_IP, limit: options.signupsPerIp, clock }),
    },
  );

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
    /**
     * A request from `ip` (the socket address @hono/node-server would hand over) to PUBLIC_URL's host,
     * or to the absolute URL given; settles follow-up work.
     */
    async request(path: string, init: RequestInit = {}, ip = '203.0.113.7') {
      const url = /^https?:\/\//.test(path) ? path : `${PUBLIC_URL}${path}`;
      const response = await app.request(url, init, { incoming: { socket: { remoteAddress: ip } } });
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
