import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../log/logger.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** The table rate-limiter-flexible keeps its counts in (it creates it; not one of our migrations). */
export const RATE_LIMIT_TABLE = 'rate_limits';

export interface SharedLimiterOptions {
  pool: pg.Pool;
  /** Names this limiter's keys in the shared table: `signup`, `email`. */
  name: string;
  limit: number;
  windowMs: number;
  /** Keys are stored as an HMAC under SECRET: the table holds no client or email address. */
  secret: string;
  /** Counts in this process alone while the database cannot be reached: never fail open. */
  fallback: RateLimiter;
  log: Logger;
}

/**
 * Creates the table the library would create (its own schema), tolerating another process doing the
 * same at the same moment: PostgreSQL's CREATE TABLE IF NOT EXISTS still races on the table's type.
 */
export async function ensureRateLimitTable(pool: pg.Pool): Promise<void> {
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS "${RATE_LIMIT_TABLE}" (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
    );
  } catch (error) {
    // unique_violation on pg_type, duplicate_table, duplicate_object: another process won the race.
    if (!['23505', '42P07', '42710'].includes((error as { code?: string }).code ?? '')) throw error;
  }
}

/**
 * A limiter whose counts live in PostgreSQL, so every `verdicts serve` process on the same database
 * shares them: rate-limiter-flexible's RateLimiterPostgres (one atomic upsert per attempt). The table is
 * made first (ensureRateLimitTable): left to the library, two limiters starting together collide.
 */
export async function createSharedLimiter(options: SharedLimiterOptions): Promise<RateLimiter> {
  await ensureRateLimitTable(options.pool);
  const store = new RateLimiterPostgres({
    storeClient: options.pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: options.name,
    points: options.limit,
    duration: options.windowMs / 1000,
  });
  let warnedAt = 0;
  return {
    async take(key) {
      const hashed = createHmac('sha256', options.secret).update(key).digest('base64url').slice(0, 32);
      try {
        await store.consume(hashed);
        return { ok: true };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          return { ok: false, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
        }
        // One warning a minute at most: an outage would otherwise log every request.
        if (Date.now() - warnedAt > 60_000) {
          warnedAt = Date.now();
          const reason = refusal instanceof Error ? refusal.message : String(refusal);
          options.log.warn(
            { limiter: options.name, reason },
            'shared rate limit unavailable: counting locally',
          );
        }
        return options.fallback.take(key);
      }
    },
  };
}
