import type { Hono } from 'hono';
import { parseResendEvent } from '../../subscribers/resend-event.ts';
import type { AppDeps } from '../create-app.ts';
import { RequestError } from '../errors.ts';
import { limitBody, WEBHOOK_BODY_LIMIT } from '../request-body.ts';

/**
 * `POST /webhooks/resend`: delivery events from Resend. Verified (signature and timestamp window)
 * before anything is read, recorded once per event id; a redelivery answers 200 so Resend stops
 * retrying. Hard bounces and complaints suppress the address for good.
 */
export function registerWebhookRoutes(app: Hono, deps: AppDeps): void {
  app.post('/webhooks/resend', limitBody(WEBHOOK_BODY_LIMIT), async (c) => {
    if (!deps.webhooks) {
      throw new RequestError(
        404,
        'not_configured',
        'Webhooks are off: set RESEND_WEBHOOK_SECRET to receive them.',
      );
    }
    const payload = await c.req.text();
    const check = deps.webhooks.verify(
      payload,
      {
        id: c.req.header('svix-id'),
        timestamp: c.req.header('svix-timestamp'),
        signature: c.req.header('svix-signature'),
      },
      deps.clock(),
    );
    if (!check.ok) {
      deps.log.warn({ reason: check.reason }, 'webhook refused');
      if (check.reason === 'missing_headers') {
        throw new RequestError(
          400,
          'missing_signature',
          'Send svix-id, svix-timestamp and svix-signature headers.',
        );
      }
      if (check.reason === 'stale_timestamp') {
        throw new RequestError(
          401,
          'stale_timestamp',
          'The webhook timestamp is outside the 5-minute window.',
        );
      }
      throw new RequestError(401, 'invalid_signature', 'The webhook signature does not match.');
    }
    const parsed = parseResendEvent(check.id, payload, deps.clock());
    if (!parsed.ok) throw new RequestError(400, 'invalid_event', parsed.message);
    const recorded = await deps.events.record(parsed.event);
    deps.log.info(
      {
        type: parsed.event.type,
        duplicate: recorded.duplicate,
        subscriber: recorded.subscriberId,
        week: recorded.week,
        status: recorded.statusChanged,
        settled: recorded.settled,
      },
      'webhook',
    );
    return c.json({ received: true, duplicate: recorded.duplicate });
  });
}
