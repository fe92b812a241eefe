import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RequestError, waitPhrase } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** Forms and the JSON API: a signup is a few hundred bytes. */
export const FORM_BODY_LIMIT = 16 * 1024;
/** Resend's events are small; a bounce with a long diagnostic is still well under this. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * Refuses a body over `maxSize` with 413. A declared Content-Length is checked here, from the header
 * alone, exactly as Hono's bodyLimit checks it; only a streamed (chunked) body goes through bodyLimit,
 * which counts while reading. The reason: bodyLimit starts with `c.req.raw.body`, which makes
 * @hono/node-server build a full fetch Request around a web stream for every post, instead of letting
 * `c.req.text()` read the socket directly; that was a tenth of a signup's CPU.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const onError = (): never => {
    throw new RequestError(413, 'payload_too_large', `The request is larger than ${maxSize / 1024} KB.`);
  };
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const method = c.req.method;
    const length = c.req.header('content-length');
    if (
      length === undefined ||
      c.req.header('transfer-encoding') !== undefined ||
      method === 'GET' ||
      method === 'HEAD'
    ) {
      return streamed(c, next);
    }
    if (Number.parseInt(length || '0', 10) > maxSize) onError();
    await next();
  };
}

/** Refuses a client over its share (429 with Retry-After), before the body is even read. */
export function rateLimit(limiter: RateLimiter, clientIp: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const decision = await limiter.take(clientIp(c));
    if (!decision.ok) {
      throw new RequestError(
        429,
        'rate_limit_exceeded',
        `Too many signups from your network. Please try again ${waitPhrase(decision.retryAfterMs)}.`,
        { retryAfterMs: decision.retryAfterMs },
      );
    }
    await next();
  };
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** A form post's fields as parsed, each repeated field as an array; a 415/400 that says what is wrong. */
async function parseForm(c: Context): Promise<Record<string, unknown>> {
  if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) {
    throw new RequestError(415, 'unsupported_media_type', 'Send the form as a normal HTML form post.');
  }
  try {
    return await c.req.parseBody({ all: true });
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError(400, 'malformed_body', 'The form data could not be read.');
  }
}

/** The fields of a form post as strings (a file or a repeated field is not a string). */
export async function readForm(c: Context): Promise<Record<string, string | undefined>> {
  const body = await parseForm(c);
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
  );
}

/** The fields of a form post with every value of a repeated field (checkboxes), files left out. */
export async function readFormValues(c: Context): Promise<Record<string, string[]>> {
  const body = await parseForm(c);
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      (Array.isArray(value) ? value : [value]).filter((one): one is string => typeof one === 'string'),
    ]),
  );
}

/** A JSON body, or a 415/400 that says what is wrong with it. */
export async function readJson(c: Context): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new RequestError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.');
  }
  try {
    return JSON.parse(await c.req.text());
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}
