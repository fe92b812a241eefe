import type { Context, Hono, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { signUp } from '../../subscribers/signup.ts';
import { type FieldIssue, parseSignup, type SignupFields } from '../../subscribers/signup-input.ts';
import type { AppDeps } from '../create-app.ts';
import { RequestError } from '../errors.ts';
import { FORM_BODY_LIMIT, limitBody, rateLimit, readFormValues, readJson } from '../request-body.ts';

const ACCEPTED_MESSAGE =
  'If the address can receive email, a confirmation link is on its way. Open it within 7 days to subscribe.';

/**
 * The three doors in: the hosted page (`GET /`), the form post (`POST /subscribe`, also what the
 * embeddable snippet posts cross-origin) and the JSON API (`POST /api/subscribe`). All answer the same
 * whatever the address's state, and the work happens after the answer (see task-queue.ts).
 */
export function registerSignupRoutes(app: Hono, deps: AppDeps): void {
  // An Origin header is scheme://host[:port], whatever path SITE_URL has.
  const fromSite = siteCors(new URL(deps.siteUrl).origin);
  const guard = [rateLimit(deps.signupLimiter, deps.clientIp), limitBody(FORM_BODY_LIMIT)] as const;

  const knownTopics = () => new Set(deps.topics().map((topic) => topic.id));
  app.get('/', (c) => c.html(deps.pages.render('home', { title: 'Subscribe', topics: deps.topics() })));
  app.get('/subscribe', (c) => c.redirect('/', 303));
  app.get('/check-your-inbox', (c) =>
    c.html(deps.pages.render('check-inbox', { title: 'Check your inbox', noindex: true })),
  );

  app.use('/subscribe', fromSite);
  app.post('/subscribe', ...guard, async (c) => {
    const values = await readFormValues(c);
    const form = { email: values.email?.[0], name: values.name?.[0], website: values.website?.[0] };
    const input = parseSignup({ ...form, topics: values.topics ?? [] }, knownTopics);
    if (!input.ok) return formWithErrors(c, deps, form, values.topics ?? [], input.issues);
    if (input.honeypot) deps.log.info({}, 'signup honeypot filled: ignored');
    else startSignup(deps, input.value);
    return c.redirect('/check-your-inbox', 303);
  });

  app.use('/api/subscribe', fromSite);
  app.post('/api/subscribe', ...guard, async (c) => {
    const input = parseSignup(await readJson(c), knownTopics);
    if (!input.ok) {
      const message = input.issues.map((issue) => issue.message).join(' ');
      throw new RequestError(400, 'validation_error', message, { issues: input.issues });
    }
    if (input.honeypot) deps.log.info({}, 'signup honeypot filled: ignored');
    else startSignup(deps, input.value);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'accepted', message: ACCEPTED_MESSAGE }, 202);
  });
}

function startSignup(deps: AppDeps, fields: SignupFields): void {
  deps.tasks.run('signup', async () => {
    const outcome = await signUp(
      {
        subscribers: deps.subscribers,
        mailer: deps.mailer,
        clock: deps.clock,
        secret: deps.secret,
        publicUrl: deps.publicUrl,
        allowEmailTo: async (mailbox) => (await deps.emailLimiter.take(mailbox)).ok,
        deferConfirmation: deps.confirmations && ((id) => deps.confirmations!.defer(id)),
      },
      fields,
    );
    const fieldsToLog = { outcome: outcome.kind, subscriber: outcome.subscriber.id };
    if ('mail' in outcome && !outcome.mail.ok) {
      // A provider's message may quote the address: the logger puts a hash in its place.
      const reason = outcome.mail.reason;
      if (outcome.mail.quota)
        deps.log.warn({ ...fieldsToLog, reason }, 'confirmation email deferred: quota used up');
      else deps.log.error({ ...fieldsToLog, reason }, 'confirmation email not sent');
    } else deps.log.info(fieldsToLog, 'signup');
  });
}

/** The signup page again, with what was typed (shortened: a 10 KB field is not echoed) and why not. */
function formWithErrors(
  c: Context,
  deps: AppDeps,
  form: Record<string, string | undefined>,
  chosen: readonly string[],
  issues: FieldIssue[],
): Response {
  const errorFor = (field: FieldIssue['field']) => issues.find((issue) => issue.field === field)?.message;
  const html = deps.pages.render('home', {
    title: 'Subscribe: please check the form',
    errors: issues.map((issue) => ({ ...issue, anchor: issue.field === 'form' ? 'email' : issue.field })),
    emailError: errorFor('email') ?? errorFor('form'),
    nameError: errorFor('name'),
    topicsError: errorFor('topics'),
    topics: deps.topics().map((topic) => ({ ...topic, checked: chosen.includes(topic.id) })),
    values: { email: form.email?.slice(0, 254), name: form.name?.slice(0, 100) },
  });
  return c.html(html, 400);
}

/**
 * CORS for the site's origin, answering exactly as Hono's `cors` middleware does: preflights go to it;
 * other requests get `Access-Control-Allow-Origin` when the Origin is the site's, and `Vary: Origin`.
 * The difference is when: Hono's middleware appends `Vary` after the handler, to a finished response,
 * which makes @hono/node-server turn its lightweight response into a full fetch Response and stream
 * the body out; set before the handler, the headers go into the response as it is made.
 */
function siteCors(origin: string): MiddlewareHandler {
  const preflight = cors({ origin, allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 600 });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    if (c.req.header('origin') === origin) c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}
