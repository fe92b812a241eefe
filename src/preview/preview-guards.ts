import type { MiddlewareHandler } from 'hono';
import { hostGuard, LOOPBACK_HOSTS } from '../server/host-guard.ts';

/**
 * What every preview answer carries. No page may frame the preview (clickjacking: a click on another
 * site's page must not land on "Send test"); the email is shown in a `srcdoc` frame, so the preview's
 * own pages need no exception either.
 */
export const PREVIEW_SECURITY_HEADERS: readonly (readonly [name: string, value: string])[] = [
  ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"],
  ['X-Frame-Options', 'DENY'],
  ['X-Content-Type-Options', 'nosniff'],
  // Not `no-referrer`: with it a browser sends `Origin: null` on a form post, and no test send passes.
  ['Referrer-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * The preview's guards, in order: its headers on every answer; only loopback names (and the ones
 * `--allowed-host` adds) as Host, since a DNS-rebound name would let any web page read drafts; and
 * posts only from the preview's own pages (the Origin a browser sends must be this very origin).
 */
export function previewGuards(extraHosts: readonly string[] = []): MiddlewareHandler[] {
  const headers: MiddlewareHandler = async (c, next) => {
    for (const [name, value] of PREVIEW_SECURITY_HEADERS) c.header(name, value);
    await next();
  };
  const allowed = [...LOOPBACK_HOSTS, ...extraHosts];
  const hosts = hostGuard(allowed, (c, names) =>
    c.text(`This preview answers for ${[...names].join(', ')} only.`, 421),
  );
  const sameOrigin: MiddlewareHandler = async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (c.req.header('origin') !== new URL(c.req.url).origin) {
      return c.text('Test sends are accepted only from the preview’s own pages.', 403);
    }
    await next();
  };
  return [headers, hosts, sameOrigin];
}
