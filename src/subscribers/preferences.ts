import type { Subscriber } from '../store/subscriber-store.ts';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** How long a reader may pause the digest from the preferences page (weeks; 0 ends a pause). */
export const PAUSE_CHOICES = [0, 1, 2, 4] as const;

/** The topic ids a subscriber follows; null when they follow everything (the default). */
export function followedTopics(subscriber: Pick<Subscriber, 'topics'>): string[] | null {
  const ids = (subscriber.topics ?? '').split(',').filter(Boolean);
  return ids.length > 0 ? ids : null;
}

/** Whether the digest waits for this subscriber at `at`. */
export function isPaused(subscriber: Pick<Subscriber, 'paused_until'>, at: Date): boolean {
  return subscriber.paused_until !== null && subscriber.paused_until > at.toISOString();
}

/** The end of a pause of `weeks` weeks from `now`; null for none. */
export function pauseEnd(now: Date, weeks: number): string | null {
  return weeks > 0 ? new Date(now.getTime() + weeks * WEEK_MS).toISOString() : null;
}

/** "follows developer-tools, local-inference; paused until 2026-12-18" */
export function describePreferences(
  subscriber: Pick<Subscriber, 'topics' | 'paused_until'>,
  now: Date,
): string {
  const topics = followedTopics(subscriber);
  const follows = topics ? `follows ${topics.join(', ')}` : 'follows every topic';
  return isPaused(subscriber, now)
    ? `${follows}; paused until ${subscriber.paused_until!.slice(0, 10)}`
    : follows;
}
