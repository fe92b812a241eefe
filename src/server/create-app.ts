import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../log/logger.ts';
import type { DeliveryEventStore } from '../store/delivery-event-store.ts';
import type { SubscriberStore } from '../store/subscriber-store.ts';
import type { DeferredConfirmations } from '../subscribers/deferred-confirmations.ts';
import type { TransactionalMailer } from '../subscribers/transactional-mailer.ts';
import { errorResponse, RequestError, wantsJson } from './errors.ts';
import { hostGuard } from './host-guard.ts';
import type { Pages } from './pages.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { type ArchiveReader, registerArchiveRoutes } from './routes/archive.ts';
import { registerConfirmRoutes } from './routes/confirm.ts';
import { registerPreferencesRoutes } from './routes/preferences.ts';
import { registerSignupRoutes } from './routes/signup.ts';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.ts';
import { registerVoteRoutes, type VoteDeps } from './routes/vote.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './security-headers.ts';
import type { TaskQueue } from './task-queue.ts';
import type { TopicsSource } from './topics-source.ts';
import type { WebhookVerifier } from './webhook-signature.ts';

/** Everything the server needs, as ports; the composition root (`verdicts serve`) wires real ones. */
export interface AppDeps {
  subscribers: SubscriberStore;
  events: Pick<DeliveryEventStore, 'record'>;
  mailer: TransactionalMailer;
  pages: Pages;
  clock: () => Date;
  /** Signups per client address (form and API together). */
  signupLimiter: RateLimiter;
  /** Confirmation emails per email address. */
  emailLimiter: RateLimiter;
  /** Work that follows a response (the signup itself, welcome emails). */
  tasks: TaskQueue;
  log: Logger;
  /** The client's address for rate limiting (see client-ip.ts). */
  clientIp: (c: Context) => string;
  /** Resend's webhook signatures; without it `/webhooks/resend` answers 404. */
  webhooks?: WebhookVerifier | undefined;
  /** The site the embeddable form lives on: the one origin CORS lets in. */
  siteUrl: string;
  /** Where this server is reachable; links in emails point here. */
  publicUrl: string;
  /** The host names it answers for (see host-guard.ts); any other gets 421. */
  allowedHosts: readonly string[];
  /** Signs confirmation and unsubscribe tokens. */
  secret: string;
  /** The topics readers can follow (signup form, preferences page). */
  topics: TopicsSource;
  /** Keeps confirmations the provider's quota refused, to send once it resets. */
  confirmations?: Pick<DeferredConfirmations, 'defer'> | undefined;
  /** Sent issues for /archive and /feed.xml; without it those routes answer 404. */
  archive?: ArchiveReader | undefined;
  /** Reader votes from the digest's links; without them `/vote` answers 404. */
  votes?: VoteDeps | undefined;
}

/**
 * The subscriber-facing HTTP app: signup (page, embeddable form, JSON API), double opt-in, one-click
 * unsubscribe and Resend's webhooks. A function of its deps with no I/O of its own, so tests drive it
 * with `app.request()` and no open port.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: query strings carry tokens.
    const ms = Math.round(performance.now() - started);
    deps.log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  });
  app.use(securityHeaders());
  app.use(
    hostGuard(deps.allowedHosts, () => {
      throw new RequestError(421, 'misdirected_request', 'This server does not answer for that host name.');
    }),
  );

  app.get('/assets/site.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(deps.pages.css);
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  registerSignupRoutes(app, deps);
  registerConfirmRoutes(app, deps);
  registerUnsubscribeRoutes(app, deps);
  registerPreferencesRoutes(app, deps);
  registerVoteRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerArchiveRoutes(app, deps);

  app.notFound((c) => {
    const message = wantsJson(c)
      ? `No ${c.req.method} ${c.req.path} here.`
      : 'There is no page at this address. The signup form is one click away.';
    return errorResponse(c, new RequestError(404, 'not_found', message), deps.pages);
  });

  app.onError((error, c) => {
    if (error instanceof RequestError) return errorResponse(c, error, deps.pages);
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, new RequestError(error.status, 'bad_request', error.message), deps.pages);
    }
    deps.log.error({ path: c.req.path, error: error.message }, 'unexpected error');
    const message = 'The request could not be completed. Please try again in a moment.';
    return errorResponse(c, new RequestError(500, 'internal_error', message), deps.pages);
  });

  return app;
}
