import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { exampleSenderProblem } from '../config/sender-address.ts';
import { createTransport } from '../send/create-transport.ts';
import { composeApp, loadServerAssets } from '../server/compose-app.ts';
import { serverLimiters } from '../server/server-limiters.ts';
import type { Runtime } from './runtime.ts';

export interface ServeOptions {
  port?: number | undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Open connections get this long to finish after a stop signal. */
const DRAIN_MS = 5_000;
const CONFIRMATION_SWEEP_MS = 60_000;

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
  const sender = config.resendApiKey ? exampleSenderProblem(config.emailFrom) : undefined;
  if (sender) {
    runtime.stderr(sender);
    return 2;
  }
  const assets = await loadServerAssets(config);
  const store = await runtime.openStore();
  try {
    const log = runtime.logger({ name: 'serve', nonBlocking: true });
    const { app, tasks, confirmations } = composeApp(config, assets, {
      db: store.db,
      sqlite: store.sqlite,
      clock,
      sleep: runtime.sleep,
      transportFor: (folder, date) => createTransport(config, config.outDir, folder, date),
      log,
      ...(await serverLimiters(store, config, clock, log)),
    });
    // Confirmations the provider's quota refused go out once it resets; looked for every minute.
    const retries = setInterval(() => {
      tasks.run('deferred confirmations', async () => {
        const done = await confirmations.sendDue();
        if (done.sent + done.deferred + done.dropped > 0) log.info(done, 'deferred confirmations');
      });
    }, CONFIRMATION_SWEEP_MS);
    retries.unref();
    runtime.signal.addEventListener('abort', () => clearInterval(retries), { once: true });
    try {
      return await serveUntilStopped(runtime, app, tasks, port);
    } finally {
      clearInterval(retries);
    }
  } finally {
    await store.close();
  }
}

/** Listens until SIGTERM/SIGINT, then stops accepting, lets requests and follow-up work finish. */
async function serveUntilStopped(
  runtime: Runtime,
  app: { fetch: Parameters<typeof serve>[0]['fetch'] },
  tasks: { idle(): Promise<void> },
  port: number,
): Promise<number> {
  const { config } = runtime;
  let server: Server;
  try {
    server = await listen(app.fetch, port);
  } catch (error) {
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
      `webhooks ${config.resendWebhookSecret ? 'on' : 'off'}). Ctrl-C stops.`,
  );
  if (!runtime.signal.aborted) {
    await new Promise<void>((resolve) =>
      runtime.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await close(server);
  await tasks.idle();
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
