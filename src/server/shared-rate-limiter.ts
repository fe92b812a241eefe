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
 * A limiter whose counts live in PostgreSQL, so every `verdicts serve` process on the same database
 * shares them: rate-limiter-flexible's RateLimiterPostgres (one atomic upsert per attempt). Resolves
 * once its table exists; a query to a table not yet created is refused by the library.
 */
export async function createSharedLimiter(options: SharedLimiterOptions): Promise<RateLimiter> {
  const store = await new Promise<RateLimiterPostgres>((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: options.pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        keyPrefix: options.name,
        points: options.limit,
        duration: options.windowMs / 1000,
      },
      (error?: Error) => (error ? reject(error) : resolve(created)),
    );
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
