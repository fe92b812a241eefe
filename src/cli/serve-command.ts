import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createLogger } from '../log/logger.ts';
import { loadTransactionalTemplates } from '../render/transactional.ts';
import { createTransport } from '../send/create-transport.ts';
import { clientIpResolver } from '../server/client-ip.ts';
import { createApp } from '../server/create-app.ts';
import { loadPages } from '../server/pages.ts';
import { createFixedWindowLimiter } from '../server/rate-limiter.ts';
import { createTaskQueue } from '../server/task-queue.ts';
import { createWebhookVerifier, type WebhookVerifier } from '../server/webhook-signature.ts';
import { createArchiveReader } from '../store/archive-store.ts';
import { createDeliveryEventStore } from '../store/delivery-event-store.ts';
import { createSubscriberStore } from '../store/subscriber-store.ts';
import { createTransactionalMailer } from '../subscribers/transactional-mailer.ts';
import type { Runtime } from './runtime.ts';

export interface ServeOptions {
  port?: number | undefined;
}

/** Signups per client address per 10 minutes (form and API together). */
const SIGNUPS_PER_IP = { limit: 10, windowMs: 10 * 60_000 };
/** Confirmation emails per email address per hour. */
const EMAILS_PER_ADDRESS = { limit: 3, windowMs: 60 * 60_000 };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Open connections get this long to finish after a stop signal. */
const DRAIN_MS = 5_000;

/**
 * `verdicts serve`: the subscriber-facing server (signup, confirm, unsubscribe, webhooks) until
 * SIGTERM/SIGINT, then a clean stop: no new connections, follow-up emails finished, database closed.
 */
export async function serveCommand(runtime: Runtime, options: ServeOptions): Promise<number> {
  const { config, clock } = runtime;
  const port = options.port ?? config.port;
  if (config.usingDevSecret && !LOCAL_HOSTS.has(new URL(config.publicUrl).hostname)) {
    // The development secret is in the source: anyone could forge confirmation and unsubscribe links.
    runtime.stderr(`SECRET: set a private value of 16+ characters before serving at ${config.publicUrl}`);
    return 2;
  }
  let webhooks: WebhookVerifier | undefined;
  if (config.resendWebhookSecret) {
    try {
      webhooks = createWebhookVerifier(config.resendWebhookSecret);
    } catch (error) {
      runtime.stderr(`RESEND_WEBHOOK_SECRET: not a usable signing secret (${(error as Error).message})`);
      return 2;
    }
  }
  const [pages, templates] = await Promise.all([
    loadPages({ siteUrl: config.siteUrl, postalAddress: config.postalAddress }),
    loadTransactionalTemplates(),
  ]);
  const store = await runtime.openStore();
  const log = createLogger({
    pretty: runtime.interactive,
    level: config.logLevel,
    name: 'serve',
    nonBlocking: true,
  });
  const tasks = createTaskQueue(log);
  const app = createApp({
    subscribers: createSubscriberStore(store.db, clock),
    events: createDeliveryEventStore(store.db, clock),
    mailer: createTransactionalMailer({
      templates,
      transportFor: (folder, date) => createTransport(config, config.outDir, folder, date),
      settings: {
        from: config.emailFrom,
        replyTo: config.replyTo,
        siteUrl: config.siteUrl,
        publicUrl: config.publicUrl,
        secret: config.secret,
        postalAddress: config.postalAddress,
        timezone: config.timezone,
        unsubscribeMailto: config.unsubscribeMailto,
      },
      clock,
      sleep: runtime.sleep,
    }),
    pages,
    clock,
    signupLimiter: createFixedWindowLimiter({ ...SIGNUPS_PER_IP, clock }),
    emailLimiter: createFixedWindowLimiter({ ...EMAILS_PER_ADDRESS, clock }),
    tasks,
    log,
    clientIp: clientIpResolver(config.trustProxy),
    webhooks,
    siteUrl: config.siteUrl,
    publicUrl: config.publicUrl,
    secret: config.secret,
    archive: createArchiveReader(store.db),
  });

  let server: Server;
  try {
    server = await listen(app.fetch, port);
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    runtime.stderr(
      code === 'EADDRINUSE'
        ? `port ${port} is in use: stop the other server or pass --port`
        : `cannot listen on port ${port}: ${(error as Error).message}`,
    );
    return 1;
  }
  runtime.stdout(
    `serving on http://localhost:${port} (public URL ${config.publicUrl}; ` +
      `email via ${config.resendApiKey ? 'Resend' : `the outbox ${config.outDir}/outbox/transactional`}; ` +
      `webhooks ${webhooks ? 'on' : 'off'}). Ctrl-C stops.`,
  );

  if (!runtime.signal.aborted) {
    await new Promise<void>((resolve) =>
      runtime.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await close(server);
  await tasks.idle();
  await store.close();
  runtime.stdout('stopped.');
  return 0;
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting, lets requests in flight finish, then drops idle and finally all connections. */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), DRAIN_MS).unref();
  });
}
