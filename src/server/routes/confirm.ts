import type { Hono } from 'hono';
import { confirmSubscription } from '../../subscribers/confirm.ts';
import type { AppDeps } from '../create-app.ts';

/**
 * `GET /confirm?token=…`: double opt-in, step two. Activates once; a second click, an expired link and
 * a forged one each get their own page (and a 4xx, so monitoring can tell them apart).
 */
export function registerConfirmRoutes(app: Hono, deps: AppDeps): void {
  app.get('/confirm', async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.query('token');
    const outcome = token
      ? await confirmSubscription(
          { subscribers: deps.subscribers, clock: deps.clock, secret: deps.secret },
          token,
        )
      : undefined;
    if (!outcome || outcome.kind === 'invalid') {
      const message = token
        ? 'This confirmation link is damaged, or the subscription it was for no longer exists.'
        : 'This confirmation link is missing its code.';
      return c.html(
        deps.pages.render('invalid-link', { title: 'Link not valid', noindex: true, message }),
        400,
      );
    }
    const { subscriber } = outcome;
    switch (outcome.kind) {
      case 'confirmed':
        deps.tasks.run('welcome email', async () => {
          const mail = await deps.mailer.sendWelcome(subscriber);
          if (!mail.ok) {
            const reason = mail.reason.replaceAll(subscriber.email, `<subscriber ${subscriber.id}>`);
            deps.log.error({ subscriber: subscriber.id, reason }, 'welcome email not sent');
          }
        });
        deps.log.info({ subscriber: subscriber.id }, 'confirmed');
        return c.html(
          deps.pages.render('confirmed', { title: 'Subscribed', noindex: true, email: subscriber.email }),
        );
      case 'already-confirmed':
      case 'used': {
        const active = outcome.kind === 'already-confirmed';
        const title = active ? 'Already subscribed' : 'Link already used';
        const page = deps.pages.render('already-confirmed', {
          title,
          noindex: true,
          active,
          email: subscriber.email,
          values: { email: subscriber.email },
        });
        return c.html(page, 409);
      }
      case 'expired':
        return c.html(
          deps.pages.render('expired', { title: 'Link expired', noindex: true, email: subscriber.email }),
          410,
        );
    }
  });
}
