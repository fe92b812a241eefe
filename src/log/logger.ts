import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (one object per line) for machines; colourized, readable lines on a terminal.
 * `pretty` is for a terminal.
 * pino-pretty runs in-process as a stream, so no worker thread or transport file is needed.
 */
export function createLogger(options: {
  pretty: boolean;
  level?: string | undefined;
  name?: string | undefined;
  /**
   * Write without blocking (a server logging every request): lines that pile up while a write is in
   * flight go out together in the next one. pino flushes what is left when the process exits.
   */
  nonBlocking?: boolean | undefined;
}): Logger {
  const base = { name: options.name ?? 'verdicts', level: options.level ?? 'info' };
  // Standard error, so a command's own output on standard output stays clean; journald keeps both.
  if (!options.pretty) return pino(base, pino.destination({ dest: 2, sync: options.nonBlocking !== true }));
  return pino(
    base,
    pretty({
      colorize: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
      ignore: 'pid,hostname',
      destination: 2,
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
