import { backoffDelay } from './backoff.ts';
import { type SendLimits, STOPPED_BY_SIGNAL } from './send-run.ts';
import type { BatchOutcome } from './transport.ts';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; stop: string };

/**
 * The retry budget of one batch: a throttled request (429) waits as the provider says, a server error,
 * timeout or lost answer backs off; too many in a row, or a fatal answer, stops the run (the batch stays
 * resumable under the same key).
 */
export function createRetries(limits: SendLimits, random: () => number, aborted: () => boolean) {
  let serverErrors = 0;
  let throttles = 0;
  return {
    after(
      outcome: Extract<BatchOutcome, { kind: 'retry' | 'fatal' }>,
      batchNo: number,
      attempt: number,
    ): RetryDecision {
      if (outcome.kind === 'fatal') return { retry: false, stop: outcome.reason };
      if (outcome.retryAfterMs !== undefined) throttles++;
      else serverErrors++;
      if (serverErrors >= limits.maxServerErrors || throttles >= limits.maxThrottles) {
        return {
          retry: false,
          stop: `batch ${batchNo} still failing after ${attempt} attempts (${outcome.reason}); run send again to resume`,
        };
      }
      if (aborted()) return { retry: false, stop: STOPPED_BY_SIGNAL };
      return { retry: true, delayMs: outcome.retryAfterMs ?? backoffDelay(serverErrors, random) };
    },
  };
}
