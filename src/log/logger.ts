import pino from 'pino';
import pretty from 'pino-pretty';

/**
 * The log port: the three calls the code makes, shaped like pino's (`info(fields, message)`), so a pino
 * logger is one as is. Fields must never hold tokens or email addresses: log subscriber ids instead.
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
}

/**
 * Structured JSON logs (one object per line) for machines; colourized, readable lines on a terminal.
 * Both go to `destination`, a file descriptor (2, standard error, in the CLI) or a stream that takes
 * whole lines (tests). pino-pretty runs in-process as a stream, so no worker thread is needed.
 */
export function createLogger(
  options: LoggerOptions,
  destination: number | { write(line: string): void } = 2,
): Logger {
  const base = { name: options.name ?? 'verdicts', level: options.level ?? 'info' };
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
export function createMemoryLogger(): { logger: Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, entries };
}
