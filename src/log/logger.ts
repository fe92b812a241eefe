import pino from 'pino';
import pretty from 'pino-pretty';
import { redactFields, redactText } from './redact-addresses.ts';

/**
 * The log port: the three calls the code makes, shaped like pino's (`info(fields, message)`), so a pino
 * logger is one as is. Fields must never hold tokens; an email address that reaches a line anyway (a
 * provider's message, an error, a path) is replaced by a short hash (redact-addresses.ts).
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface LoggerOptions {
  /** Colourized, readable lines (a terminal) instead of JSON lines. */
  pretty: boolean;
  level?: string | undefined;
  name?: string | undefined;
  /**
   * Write without blocking (a server logging every request): lines that pile up while a write is in
   * flight go out together in the next one. pino flushes what is left when the process exits.
   */
  nonBlocking?: boolean | undefined;
  /** Keys the hashes that stand in for email addresses (SECRET). */
  addressKey?: string | undefined;
}

/** Every line's fields and message go through the address redaction, whatever path logged them. */
function redacting(key: string): pino.LoggerOptions {
  return {
    formatters: { log: (fields) => redactFields(fields, key) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          const arg = args[i];
          if (typeof arg === 'string') args[i] = redactText(arg, key);
        }
        return method.apply(this, args);
      },
    },
  };
}

/** The key when none is given: the hash still hides the address, it just cannot be matched across runs. */
const UNKEYED = 'weekly-verdicts-logs';

/**
 * Structured JSON logs (one object per line) for machines; colourized, readable lines on a terminal.
 * Both go to `destination`, a file descriptor (2, standard error, in the CLI) or a stream that takes
 * whole lines (tests). pino-pretty runs in-process as a stream, so no worker thread is needed.
 */
export function createLogger(
  options: LoggerOptions,
  destination: number | { write(line: string): void } = 2,
): Logger {
  const base = {
    name: options.name ?? 'verdicts',
    level: options.level ?? 'info',
    ...redacting(options.addressKey ?? UNKEYED),
  };
  if (typeof destination !== 'number') return pino(base, destination);
  if (!options.pretty)
    return pino(base, pino.destination({ dest: destination, sync: options.nonBlocking !== true }));
  return pino(
    base,
    pretty({
      colorize: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
      ignore: 'pid,hostname',
      destination,
    }),
  );
}

/** A logger that keeps entries in memory, for tests. */
export function createMemoryLogger(addressKey = UNKEYED): {
  logger: Logger;
  entries: Record<string, unknown>[];
} {
  const entries: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug', ...redacting(addressKey) },
    {
      write(line: string) {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, entries };
}
