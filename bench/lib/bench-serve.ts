import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import { SETTINGS } from './fixtures.ts';

/** A Config parsed as `verdicts serve` parses it, for a server the load generator reaches at 127.0.0.1. */
export function benchServeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    SITE_URL: 'https://verdicts.example.com',
    PUBLIC_URL: SETTINGS.publicUrl,
    SECRET: SETTINGS.secret,
    EMAIL_FROM: SETTINGS.from,
    POSTAL_ADDRESS: 'Weekly Verdicts, 1 Example St',
    // autocannon addresses the server by its loopback IP.
    ALLOWED_HOSTS: '127.0.0.1',
    ...env,
  });
}

/** The logger `verdicts serve` uses: JSON on stderr, non-blocking, addresses hashed. */
export function serveLogger(config: Config): Logger {
  return createLogger({
    pretty: false,
    level: config.logLevel,
    name: 'serve',
    nonBlocking: true,
    addressKey: config.secret,
  });
}

/** Serves `app` on a free loopback port and calls `listening` with its URL. */
export function listenOnLoopback(app: Hono, listening: (url: string) => void): Server {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  server.once('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    listening(`http://127.0.0.1:${port}`);
  });
  return server;
}
