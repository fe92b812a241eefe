import { errors, type ResendErrorBody } from './errors.ts';

export interface AccountOptions {
  /** The full-access key; any request is authorized when neither key is set. */
  apiKey?: string | undefined;
  /** A sending-only key: sends, but every other endpoint answers 401 restricted_api_key. */
  sendingKey?: string | undefined;
  /** Requests allowed per window; unlimited when absent. */
  rateLimit?: { limit: number; windowMs: number } | undefined;
  /** Emails the account may send (Resend's free plan: 100 a day, 3,000 a month); unlimited when absent. */
  quota?: { daily?: number | undefined; monthly?: number | undefined } | undefined;
}

export type Access = { ok: true; sendingOnly: boolean } | { ok: false; error: ResendErrorBody };

/**
 * The account the double serves: who may call what, how fast, and how many emails it may send. Quotas
 * count accepted emails, and a request that would go past one is refused whole.
 */
export class Account {
  sentToday = 0;
  sentThisMonth = 0;
  private windowStart = 0;
  private windowCount = 0;

  constructor(private readonly options: AccountOptions) {}

  authorize(header: string | undefined, endpoint: 'send' | 'other'): Access {
    const { apiKey, sendingKey } = this.options;
    if (!apiKey && !sendingKey) return { ok: true, sendingOnly: false };
    if (!header) return { ok: false, error: errors.missingApiKey() };
    if (apiKey && header === `Bearer ${apiKey}`) return { ok: true, sendingOnly: false };
    if (sendingKey && header === `Bearer ${sendingKey}`) {
      return endpoint === 'send'
        ? { ok: true, sendingOnly: true }
        : { ok: false, error: errors.restrictedApiKey() };
    }
    return { ok: false, error: errors.invalidApiKey() };
  }

  /** Counts a request against the rate limit as it arrives; the ratelimit-* headers to answer with. */
  countRequest(now: number): { limited: boolean; headers: Record<string, string> } {
    const limit = this.options.rateLimit;
    if (!limit) return { limited: false, headers: {} };
    if (now - this.windowStart >= limit.windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    // Whole seconds, rounded up, as Resend sends them.
    const reset = String(Math.max(1, Math.ceil((this.windowStart + limit.windowMs - now) / 1000)));
    if (this.windowCount >= limit.limit) {
      return {
        limited: true,
        headers: {
          'ratelimit-limit': String(limit.limit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': reset,
          'retry-after': reset,
        },
      };
    }
    this.windowCount++;
    return {
      limited: false,
      headers: {
        'ratelimit-limit': String(limit.limit),
        'ratelimit-remaining': String(limit.limit - this.windowCount),
        'ratelimit-reset': reset,
      },
    };
  }

  /** The quota a request for `emails` more would go past, if any. */
  quotaRefusal(emails: number): ResendErrorBody | undefined {
    const { daily, monthly } = this.options.quota ?? {};
    if (monthly !== undefined && this.sentThisMonth + emails > monthly) return errors.monthlyQuota();
    if (daily !== undefined && this.sentToday + emails > daily) return errors.dailyQuota();
    return undefined;
  }

  countSent(emails: number): void {
    this.sentToday += emails;
    this.sentThisMonth += emails;
  }

  /** A new day (the daily quota resets; the monthly one keeps counting). */
  nextDay(): void {
    this.sentToday = 0;
  }

  /** Used-quota headers, as Resend adds them to sending answers. */
  quotaHeaders(): Record<string, string> {
    return {
      'x-resend-daily-quota': String(this.sentToday),
      'x-resend-monthly-quota': String(this.sentThisMonth),
    };
  }
}
