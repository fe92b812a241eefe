import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../store/subscriber-store.ts';
import { type ConfirmOutcome, confirmSubscription, readConfirmationLink } from '../../subscribers/confirm.ts';
import type { AppDeps } from '../create-app.ts';
import { FORM_BODY_LIMIT, limitBody } from '../request-body.ts';

/**
 * Double opt-in, step two, by the unsubscribe link's rules: `GET /confirm?token=…` shows one button
 * and changes nothing (mail scanners follow links in emails); its `POST` to the same URL confirms,
 * once. A second click, an expired link and a forged one each get their own page (and a 4xx, so
 * monitoring can tell them apart).
 */
export function registerConfirmRoutes(app: Hono, deps: AppDeps): void {
  const linkDeps = { subscribers: deps.subscribers, clock: deps.clock, secret: deps.secret };

  app.get('/confirm', async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.query('token');
    const found = token ? await readConfirmationLink(linkDeps, token) : undefined;
    if (found?.kind === 'ready') {
      return c.html(
        deps.pages.render('confirm', {
          title: 'Confirm your subscription',
          noindex: true,
          email: found.subscriber.email,
          token,
        }),
      );
    }
    return outcomePage(c, deps, token, found);
  });

  app.post('/confirm', limitBody(FORM_BODY_LIMIT), async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.query('token');
    const outcome = token ? await confirmSubscription(linkDeps, token) : undefined;
    if (outcome?.kind === 'confirmed') {
      const { subscriber } = outcome;
      deps.tasks.run('welcome email', async () => {
        const mail = await deps.mailer.sendWelcome(subscriber);
        if (!mail.ok)
          deps.log.error({ subscriber: subscriber.id, reason: mail.reason }, 'welcome email not sent');
      });
      deps.log.info({ subscriber: subscriber.id }, 'confirmed');
      return c.html(
        deps.pages.render('confirmed', { title: 'Subscribed', noindex: true, email: subscriber.email }),
      );
    }
    return outcomePage(c, deps, token, outcome);
  });
}

/** Every answer but the button and the confirmation itself. */
function outcomePage(
  c: Context,
  deps: AppDeps,
  token: string | undefined,
  outcome: ConfirmOutcome | undefined,
): Response {
  if (!outcome || outcome.kind === 'invalid') {
    const message = token
      ? 'This confirmation link is damaged, or the subscription it was for no longer exists.'
      : 'This confirmation link is missing its code.';
    return c.html(
      deps.pages.render('invalid-link', { title: 'Link not valid', noindex: true, message }),
      400,
    );
  }
  const subscriber: Subscriber = outcome.subscriber;
  if (outcome.kind === 'expired') {
    return c.html(
      deps.pages.render('expired', { title: 'Link expired', noindex: true, email: subscriber.email }),
      410,
    );
  }
  // `already-confirmed` or `used` (`ready` and `confirmed` are answered by the routes).
  const active = subscriber.status === 'active';
  const page = deps.pages.render('already-confirmed', {
    title: active ? 'Already subscribed' : 'Link already used',
    noindex: true,
    active,
    email: subscriber.email,
    values: { email: subscriber.email },
  });
  return c.html(page, 409);
}
