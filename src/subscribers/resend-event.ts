import { z } from 'zod';
import type { DeliveryEventInput } from '../store/delivery-event-store.ts';
import { normalizeEmail } from './email-address.ts';

const ISO_WEEK = /^\d{4}-W\d{2}$/;

/**
 * The parts of a Resend webhook we read (every email.* event has this shape; others are recorded by
 * type alone). Resend documents `email.bounced` as a permanent rejection; when `data.bounce.type` is
 * present anything but `Permanent` (e.g. `Transient`, `Undetermined`) is recorded without suppressing.
 */
const resendEvent = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(64).optional(),
  data: z
    .looseObject({
      email_id: z.string().max(200).optional(),
      to: z.union([z.array(z.string().max(512)).max(50), z.string().max(512)]).optional(),
      bounce: z.looseObject({ type: z.string().max(100).optional() }).optional(),
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
    json = JSON.parse(payload);
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
      suppress: suppression(type, data?.bounce?.type),
    },
  };
}

function suppression(type: string, bounceType: string | undefined): DeliveryEventInput['suppress'] {
  if (type === 'email.complained') return 'complained';
  if (type !== 'email.bounced') return undefined;
  return bounceType === undefined || /^(permanent|hard)$/i.test(bounceType) ? 'bounced' : undefined;
}

/** Resend sends tags as an object (`{ week: '2026-W47' }`); older payloads as a name/value list. */
function weekTag(
  tags: Record<string, unknown> | { name: string; value: unknown }[] | undefined,
): string | null {
  const value = Array.isArray(tags) ? tags.find((tag) => tag.name === 'week')?.value : tags?.week;
  return typeof value === 'string' && ISO_WEEK.test(value) ? value : null;
}
