import type { Logger } from '../log/logger.ts';
import type { StoreHandle } from '../store/open-database.ts';
import { EMAILS_PER_ADDRESS, SIGNUPS_PER_IP, VOTES_PER_IP, VOTES_PER_READER } from './compose-app.ts';
import { createFixedWindowLimiter, type RateLimiter } from './rate-limiter.ts';
import { createSharedLimiter } from './shared-rate-limiter.ts';

export interface ServerLimiters {
  signupLimiter: RateLimiter;
  emailLimiter: RateLimiter;
  voteLimiter: RateLimiter;
  voterLimiter: RateLimiter;
}

/**
 * The limits `verdicts serve` enforces. On PostgreSQL they are shared through the database, so several
 * serve processes behind one balancer count together (each falls back to its own count while the
 * database is unreachable); on SQLite one process serves, and counts in memory.
 */
export async function serverLimiters(
  store: Pick<StoreHandle, 'pgPool'>,
  settings: { secret: string },
  clock: () => Date,
  log: Logger,
): Promise<ServerLimiters> {
  const local = {
    signupLimiter: createFixedWindowLimiter({ ...SIGNUPS_PER_IP, clock }),
    emailLimiter: createFixedWindowLimiter({ ...EMAILS_PER_ADDRESS, clock }),
    voteLimiter: createFixedWindowLimiter({ ...VOTES_PER_IP, clock }),
    voterLimiter: createFixedWindowLimiter({ ...VOTES_PER_READER, clock }),
  };
  const pool = store.pgPool;
  if (!pool) return local;
  const shared = (name: string, limits: { limit: number; windowMs: number }, fallback: RateLimiter) =>
    createSharedLimiter({ pool, name, ...limits, secret: settings.secret, fallback, log });
  const [signupLimiter, emailLimiter, voteLimiter, voterLimiter] = await Promise.all([
    shared('signup', SIGNUPS_PER_IP, local.signupLimiter),
    shared('email', EMAILS_PER_ADDRESS, local.emailLimiter),
    shared('vote', VOTES_PER_IP, local.voteLimiter),
    shared('voter', VOTES_PER_READER, local.voterLimiter),
  ]);
  return { signupLimiter, emailLimiter, voteLimiter, voterLimiter };
}
