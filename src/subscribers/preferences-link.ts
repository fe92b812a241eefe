import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { PAUSE_CHOICES, pauseEnd } from './preferences.ts';
import { verifyPreferencesToken } from './tokens.ts';

export type PreferencesLookup =
  | { kind: 'found'; subscriber: Subscriber }
  | { kind: 'gone' }
  | { kind: 'invalid' };

/** Whose preferences a link opens, without changing anything. */
export async function readPreferencesLink(
  deps: { subscribers: Pick<SubscriberStore, 'findById'>; secret: string },
  token: string,
): Promise<PreferencesLookup> {
  const id = verifyPreferencesToken(deps.secret, token);
  if (id === undefined) return { kind: 'invalid' };
  const subscriber = await deps.subscribers.findById(id);
  return subscriber ? { kind: 'found', subscriber } : { kind: 'gone' };
}

export type PreferencesForm =
  | { ok: true; topics: string[] | null; pauseWeeks: number | undefined }
  | { ok: false; field: 'topics' | 'pause_weeks'; message: string };

/**
 * The page's form: `topics` (topic ids; none follows everything) and `pause_weeks` (0, 1, 2 or 4; absent
 * keeps a pause as it is). Ids the site does not publish are refused, naming the field.
 */
export function parsePreferencesForm(
  fields: { topics: readonly string[]; pauseWeeks: string | undefined },
  known: ReadonlySet<string>,
): PreferencesForm {
  const unknown = fields.topics.filter((id) => !known.has(id));
  if (unknown.length > 0)
    return {
      ok: false,
      field: 'topics',
      message: `Unknown topic ${unknown.map((id) => `“${id.slice(0, 40)}”`).join(', ')}.`,
    };
  let pauseWeeks: number | undefined;
  if (fields.pauseWeeks !== undefined) {
    // Only the digits the form offers: Number() would read '' as 0 (ending a pause) and '0x4' as 4.
    pauseWeeks = /^\d{1,2}$/.test(fields.pauseWeeks) ? Number(fields.pauseWeeks) : Number.NaN;
    if (!(PAUSE_CHOICES as readonly number[]).includes(pauseWeeks))
      return { ok: false, field: 'pause_weeks', message: 'Choose a pause of 0, 1, 2 or 4 weeks.' };
  }
  return { ok: true, topics: fields.topics.length > 0 ? [...new Set(fields.topics)] : null, pauseWeeks };
}

/** Saves what the form chose; an absent pause choice keeps the current pause. */
export async function savePreferences(
  subscribers: Pick<SubscriberStore, 'setPreferences'>,
  subscriber: Subscriber,
  form: Extract<PreferencesForm, { ok: true }>,
  now: Date,
): Promise<Subscriber> {
  const pausedUntil =
    form.pauseWeeks === undefined ? subscriber.paused_until : pauseEnd(now, form.pauseWeeks);
  return (
    (await subscribers.setPreferences(subscriber.id, { topics: form.topics, pausedUntil })) ?? subscriber
  );
}
