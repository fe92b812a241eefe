/**
 * The server's log port, shaped like pino's (`info(fields, message)`), so a pino logger can be passed as
 * is. Fields must never hold tokens or email addresses: log subscriber ids instead.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** One line per entry: `level message key=value …`, written with `write` (the CLI passes stderr). */
export function createLineLogger(write: (line: string) => void): Logger {
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
    const pairs = Object.entries(fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    write([level, message, ...pairs].join(' '));
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/** Drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
