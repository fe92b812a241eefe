import { z } from 'zod';
import type { DeliveryEventInput } from '../store/delivery-event-store.ts';
import type { EventKind } from '../store/schema.ts';
import { normalizeEmail } from './email-address.ts';

const ISO_WEEK = /^\d{4}-W\d{2}$/;

/**
 * The parts of a Resend webhook we read (every email.* event has this shape; others are recorded by
 * type alone), per Resend's OpenAPI file: `data.bounce` {type, subType, message}, `data.failed.reason`,
 * `data.suppressed` {reason, type, message}, `data.click.link`, `data.tags` as an object.
 */
const resendEvent = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(64).optional(),
  data: z
    .looseObject({
      email_id: z.string().max(200).optional(),
      to: z.union([z.array(z.string().max(512)).max(50), z.string().max(512)]).optional(),
      bounce: z
        .looseObject({
          type: z.string().max(100).optional(),
          subType: z.string().max(100).optional(),
          message: z.string().max(2000).optional(),
        })
        .optional(),
      failed: z.looseObject({ reason: z.string().max(2000).optional() }).optional(),
      // email.clicked: the link as written in the email (Resend reports the original, not its redirect).
      click: z.looseObject({ link: z.string().max(8000).optional() }).optional(),
      suppressed: z
        .looseObject({
          reason: z.string().max(200).optional(),
          type: z.string().max(100).optional(),
          message: z.string().max(2000).optional(),
        })
        .optional(),
      tags: z
        .union([
          z.record(z.string(), z.unknown()),
          z.array(z.looseObject({ name: z.string(), value: z.unknown() })),
        ])
        .optional(),
    })
    .optional(),
});

export type ParsedEvent = { ok: true; event: DeliveryEventInput } | { ok: false; message: string };

/** A verified webhook body → what to record and apply. `payload` is kept verbatim. */
export function parseResendEvent(eventId: string, payload: string, receivedAt: Date): ParsedEvent {
  let json: unknown;
  try {
    // A NUL in a string is valid JSON but no PostgreSQL text column takes it: it becomes U+FFFD. JSON can
    // only hold one escaped, so the (slower) reviver runs only when the escape is there.
    json = payload.includes('\\u0000')
      ? JSON.parse(payload, (_key, value) =>
          typeof value === 'string' ? value.replaceAll('\u0000', '\ufffd') : value,
        )
      : JSON.parse(payload);
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  const parsed = resendEvent.safeParse(json);
  if (!parsed.success) return { ok: false, message: `not a Resend event: ${z.prettifyError(parsed.error)}` };
  const { type, created_at: createdAt, data } = parsed.data;
  const to = Array.isArray(data?.to) ? data.to[0] : data?.to;
  const normalized = to === undefined ? undefined : normalizeEmail(to);
  const at =
    createdAt !== undefined && !Number.isNaN(Date.parse(createdAt)) ? new Date(createdAt) : receivedAt;
  return {
    ok: true,
    event: {
      eventId,
      type,
      providerEmailId: data?.email_id ?? null,
      recipient: normalized?.ok ? normalized.email : (to?.slice(0, 320) ?? null),
      weekTag: weekTag(data?.tags),
      createdAt: at.toISOString(),
      payload,
      link: type === 'email.clicked' ? (data?.click?.link ?? null) : null,
      ...meaning(type, data),
    },
  };
}

type EventData = NonNullable<z.infer<typeof resendEvent>['data']>;

/** What the event means in our terms, the provider's words for it, and whether to stop mailing the address. */
function meaning(
  type: string,
  data: EventData | undefined,
): Pick<DeliveryEventInput, 'kind' | 'detail' | 'suppress'> {
  switch (type) {
    case 'email.bounced': {
      const bounce = data?.bounce;
      const words = [bounce?.type, bounce?.subType].filter(Boolean).join(', ');
      const detail = bounce?.message ? `${words}: ${bounce.message}` : words || null;
      // Resend documents `email.bounced` as permanent; a payload saying otherwise is a soft bounce.
      if (bounce?.type !== undefined && !/^(permanent|hard)$/i.test(bounce.type)) {
        return { kind: 'soft_bounced', detail };
      }
      return {
        kind: 'bounced',
        detail,
        suppress: { status: 'bounced', reason: `hard bounce${detail ? ` (${detail})` : ''}` },
      };
    }
    case 'email.complained':
      return {
        kind: 'complained',
        detail: null,
        suppress: { status: 'complained', reason: 'marked the digest as spam' },
      };
    case 'email.suppressed': {
      const suppressed = data?.suppressed;
      const why = suppressed?.reason ?? suppressed?.type ?? 'on the provider’s suppression list';
      return {
        kind: 'suppressed',
        detail: suppressed?.message ?? why,
        suppress: { status: 'bounced', reason: `suppressed by the provider (${why.replaceAll('_', ' ')})` },
      };
    }
    case 'email.failed':
      return { kind: 'failed', detail: data?.failed?.reason ?? 'the provider did not say why' };
    default:
      return { kind: SIMPLE_KINDS[type] ?? null, detail: null };
  }
}

const SIMPLE_KINDS: Record<string, EventKind> = {
  'email.sent': 'sent',
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'delayed',
  'email.opened': 'opened',
  'email.clicked': 'clicked',
};

/** Resend sends tags as an object (`{ week: '2026-W47' }`); older payloads as a name/value list. */
function weekTag(
  tags: Record<string, unknown> | { name: string; value: unknown }[] | undefined,
): string | null {
  const value = Array.isArray(tags) ? tags.find((tag) => tag.name === 'week')?.value : tags?.week;
  return typeof value === 'string' && ISO_WEEK.test(value) ? value : null;
}
