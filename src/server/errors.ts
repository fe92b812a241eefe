import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldIssue } from '../subscribers/signup-input.ts';
import type { Pages } from './pages.ts';

/**
 * A request the server refuses, with a status, a stable code for API clients (`validation_error`,
 * `rate_limit_exceeded`, `invalid_signature`, …) and a message a person can act on.
 */
export class RequestError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { issues?: FieldIssue[]; retryAfterMs?: number; heading?: string } = {},
  ) {
    super(status, { message });
  }
}

const HEADINGS: Partial<Record<number, string>> = {
  400: 'That did not work',
  404: 'Page not found',
  405: 'That did not work',
  413: 'That was too much',
  415: 'That did not work',
  421: 'Wrong address',
  429: 'Too many attempts',
  500: 'Something went wrong on our side',
};

/** API and webhook paths answer JSON; everything else is a page a person reads. */
export function wantsJson(c: Context): boolean {
  return c.req.path.startsWith('/api/') || c.req.path.startsWith('/webhooks/');
}

/** The one place that turns a refusal into a response. */
export function errorResponse(c: Context, error: RequestError, pages: Pages): Response {
  const { retryAfterMs, issues, heading } = error.extra;
  if (retryAfterMs !== undefined)
    c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) {
    return c.json({ error: error.code, message: error.message, ...(issues ? { issues } : {}) }, error.status);
  }
  const title = heading ?? HEADINGS[error.status] ?? 'That did not work';
  return c.html(
    pages.render('error', { title, heading: title, message: error.message, noindex: true }),
    error.status,
  );
}

/** "in 4 minutes", "in 30 seconds": for rate-limit messages. */
export function waitPhrase(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `in ${seconds} seconds`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}
