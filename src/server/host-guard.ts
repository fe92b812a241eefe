import type { Context, MiddlewareHandler } from 'hono';

/** The names this machine is reached by from itself. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The host name a request was sent to, lower-case and without the port, as @hono/node-server built the
 * URL from it (the Host header, or the authority of an absolute-form target). Sliced rather than parsed
 * with `new URL`: it runs on every request, signups included.
 */
export function requestHost(url: string): string {
  const start = url.indexOf('//') + 2;
  const slash = url.indexOf('/', start);
  const authority = url.slice(start, slash === -1 ? url.length : slash).toLowerCase();
  const port = /:\d*$/.exec(authority);
  return port && !authority.endsWith(']') ? authority.slice(0, port.index) : authority;
}

/**
 * Answers only for the given host names (DNS rebinding: a page on an attacker's name that resolves to
 * this server must get nothing from it); any other gets what `refuse` says, a 421. A host name that
 * holds anything unexpected (user info, a stray character) matches none and is refused.
 */
export function hostGuard(
  allowed: Iterable<string>,
  refuse: (c: Context, allowed: ReadonlySet<string>) => Response | Promise<Response>,
): MiddlewareHandler {
  const names = new Set([...allowed].map((name) => name.toLowerCase()));
  return async (c, next) => {
    if (!names.has(requestHost(c.req.url))) return refuse(c, names);
    await next();
  };
}

/** The names a server published at `publicUrl` answers for: its own, loopback ones with it, and extras. */
export function allowedHostsFor(publicUrl: string, extra: readonly string[]): string[] {
  const own = new URL(publicUrl).hostname.toLowerCase();
  return [own, ...(LOOPBACK_HOSTS.includes(own) ? LOOPBACK_HOSTS : []), ...extra];
}
