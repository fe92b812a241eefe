import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { type CliHost, runCli } from './cli/run-cli.ts';
import type { Runtime } from './cli/runtime.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './log/logger.ts';
import { openDatabase } from './store/open-database.ts';

/**
 * The composition root: the one place that touches the process (argv, the environment and `.env`,
 * standard streams, signals, pid) and wires real parts into the commands. Returns the exit code.
 */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, processHost());
}

function processHost(): CliHost {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return {
    env: process.env,
    out: (chunk) => process.stdout.write(chunk),
    err: (chunk) => process.stderr.write(chunk),
    runtime: processRuntime,
  };
}

function processRuntime(config: Config): Runtime {
  const abort = new AbortController();
  const stop = () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: work in flight finishes first (signal again to quit now)…\n');
    abort.abort();
  };
  process.once('SIGTERM', stop);
  process.on('SIGINT', stop);
  const host = hostname();
  const interactive = Boolean(process.stdout.isTTY);
  return {
    config,
    clock: () => new Date(),
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    writeOut: (chunk) => process.stdout.write(chunk),
    interactive,
    logger: ({ name, nonBlocking }) =>
      createLogger({
        pretty: interactive,
        level: config.logLevel,
        name,
        nonBlocking,
        addressKey: config.secret,
      }),
    openStore: () => openDatabase(config.databaseUrl),
    sleep: (ms) => delay(ms),
    random: Math.random,
    signal: abort.signal,
    workerId: `${host}:${process.pid}`,
    isOwnerAlive: (owner) => {
      // host:pid, or host:pid#lane for one of a sender's concurrent lanes.
      const [ownerHost, pid] = owner.replace(/#.*$/, '').split(':');
      if (ownerHost !== host) return true; // another host: only its lease expiry can tell
      try {
        process.kill(Number(pid), 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}
