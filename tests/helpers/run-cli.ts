import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type CliHost, runCli as runProgram } from '../../src/cli/run-cli.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openDatabase } from '../../src/store/open-database.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command running in this process: its output so far, and a way to stop it as a signal would. */
export interface CliRun {
  output(): { stdout: string; stderr: string };
  /** Aborts the runtime's signal (what SIGTERM/SIGINT do in src/cli.ts) and waits for the command. */
  stop(): Promise<CliResult>;
  done: Promise<CliResult>;
}

/**
 * Starts `verdicts …` in-process through the same program as the binary (src/cli/run-cli.ts), with
 * exactly these environment variables and a runtime of doubles: output is captured (logs as JSON lines
 * on stderr, as the binary writes them), the stop signal is a local AbortController, the lease owner is
 * this run. The store, folders and clock are real unless `runtime` replaces them.
 */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  runtime: Partial<Runtime> = {},
): CliRun {
  let stdout = '';
  let stderr = '';
  const abort = new AbortController();
  const workerId = `cli-test:${randomUUID()}`;
  const host: CliHost = {
    env,
    out: (chunk) => {
      stdout += chunk;
    },
    err: (chunk) => {
      stderr += chunk;
    },
    runtime: (config) => ({
      config,
      clock: () => new Date(),
      stdout: (text) => {
        stdout += `${text}\n`;
      },
      stderr: (text) => {
        stderr += `${text}\n`;
      },
      writeOut: (chunk) => {
        stdout += chunk;
      },
      interactive: false,
      logger: ({ name }) =>
        createLogger(
          { pretty: false, level: config.logLevel, name, addressKey: config.secret },
          {
            write: (line) => {
              stderr += line;
            },
          },
        ),
      openStore: () => openDatabase(config.databaseUrl),
      sleep: (ms) => delay(ms),
      random: Math.random,
      signal: abort.signal,
      workerId,
      isOwnerAlive: (owner) => owner.replace(/#.*$/, '') === workerId,
      ...runtime,
    }),
  };
  const done = runProgram(args, host).then((code) => ({ code, stdout, stderr }));
  return {
    output: () => ({ stdout, stderr }),
    stop() {
      abort.abort();
      return done;
    },
    done,
  };
}

/** Runs `verdicts …` in-process to the end (see startCli). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  runtime: Partial<Runtime> = {},
): Promise<CliResult> {
  return startCli(args, env, runtime).done;
}
