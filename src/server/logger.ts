/**
 * The server's log port, shaped like pino's (`info(fields, message)`), so a pino logger can be passed as
 * is. Fields must never hold tokens or email addresses: log subscriber ids instead.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
