import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../store/subscriber-store.ts';
import { readUnsubscribeLink, unsubscribe } from '../../subscribers/unsubscribe.ts';
import type { AppDeps } from '../create-app.ts';
import { RequestError } from '../errors.ts';
import { FORM_BODY_LIMIT, limitBody, readForm } from '../request-body.ts';

/**
 * `GET /unsubscribe?token=…` shows one button, because link scanners follow GETs and must not
 * unsubscribe anyone; `POST` to the same URL with `List-Unsubscribe=One-Click` (RFC 8058: what mail
 * clients send from the List-Unsubscribe-Post header, and what the button sends) unsubscribes at once.
 */
export function registerUnsubscribeRoutes(app: Hono, deps: AppDeps): void {
  const linkDeps = { subscribers: deps.subscribers, secret: deps.secret };

  app.get('/unsubscribe', async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = requireToken(c);
    const found = await readUnsubscribeLink(linkDeps, token);
    if (found.kind === 'invalid') return invalidLink(c, deps);
    if (found.kind === 'gone') return unsubscribedPage(c, deps, undefined);
    if (found.subscriber.status !== 'active' && found.subscriber.status !== 'pending') {
      return unsubscribedPage(c, deps, found.subscriber);
    }
    return c.html(
      deps.pages.render('unsubscribe', {
        title: 'Unsubscribe',
        noindex: true,
        email: found.subscriber.email,
        token,
      }),
    );
  });

  app.post('/unsubscribe', limitBody(FORM_BODY_LIMIT), async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = requireToken(c);
    if (!(await saysOneClick(c))) {
      throw new RequestError(
        400,
        'one_click_required',
        'To unsubscribe, use the button on the unsubscribe page (the request must say List-Unsubscribe=One-Click).',
      );
    }
    const outcome = await unsubscribe(linkDeps, token);
    if (outcome.kind === 'invalid') return invalidLink(c, deps);
    if (outcome.kind === 'gone') return unsubscribedPage(c, deps, undefined);
    if (outcome.changed) deps.log.info({ subscriber: outcome.subscriber.id }, 'unsubscribed');
    return unsubscribedPage(c, deps, outcome.subscriber);
  });
}

/**
 * RFC 8058 bodies are form-encoded (`List-Unsubscribe=One-Click`), urlencoded or multipart. A client
 * that labels the same body differently still gets unsubscribed: refusing it would keep mailing
 * someone who asked to leave.
 */
async function saysOneClick(c: Context): Promise<boolean> {
  if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    return (await readForm(c))['List-Unsubscribe'] === 'One-Click';
  }
  return new URLSearchParams((await c.req.text()).trim()).get('List-Unsubscribe') === 'One-Click';
}

function requireToken(c: Context): string {
  const token = c.req.query('token');
  if (!token) throw new RequestError(400, 'missing_token', 'This unsubscribe link is missing its code.');
  return token;
}

function invalidLink(c: Context, deps: AppDeps): Response {
  const message = 'This unsubscribe link is damaged. The link at the bottom of any issue works too.';
  return c.html(deps.pages.render('invalid-link', { title: 'Link not valid', noindex: true, message }), 400);
}

/** The way back is offered only to someone who unsubscribed (bounced and complained stay suppressed). */
function unsubscribedPage(c: Context, deps: AppDeps, subscriber: Subscriber | undefined): Response {
  return c.html(
    deps.pages.render('unsubscribed', {
      title: 'Unsubscribed',
      noindex: true,
      email: subscriber?.email,
      canResubscribe: subscriber?.status === 'unsubscribed',
      label: 'Resubscribe',
    }),
  );
}
