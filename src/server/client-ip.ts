import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address, for rate limiting: the TCP peer, or with `trustProxy` the entry our one reverse
 * proxy appended to X-Forwarded-For (the right-most; anything left of it is what the client claimed).
 * Without `trustProxy` the header is ignored, since any client can send it.
 */
export function clientIpResolver(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // No Node socket behind the request (e.g. app.request() without bindings).
      return 'unknown';
    }
  };
}
