import type { Topic } from '../content/topics.ts';
import type { Subscriber } from '../store/subscriber-store.ts';
import { followedTopics, isPaused, PAUSE_CHOICES } from './preferences.ts';
import { unsubscribeToken } from './tokens.ts';

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** What the preferences page shows: every topic (the followed ones ticked) and the pause choices. */
export function preferencesPageModel(input: {
  subscriber: Subscriber;
  token: string;
  topics: readonly Topic[];
  now: Date;
  secret: string;
}) {
  const { subscriber, now } = input;
  const followed = new Set(followedTopics(subscriber) ?? []);
  const paused = isPaused(subscriber, now);
  return {
    email: subscriber.email,
    token: input.token,
    unsubscribeToken: unsubscribeToken(input.secret, subscriber.id),
    active: subscriber.status === 'active' || subscriber.status === 'pending',
    topics: [
      ...input.topics.map((topic) => ({
        ...topic,
        count: `${topic.comparisons} comparison${topic.comparisons === 1 ? '' : 's'}`,
        checked: followed.has(topic.id),
      })),
      // A followed topic the site no longer publishes (a renamed category) stays visible, so a reader
      // who gets nothing can see why and untick it.
      ...[...followed]
        .filter((id) => !input.topics.some((topic) => topic.id === id))
        .map((id) => ({ id, name: id, comparisons: 0, count: 'no longer published', checked: true })),
    ],
    followsEverything: followed.size === 0,
    pausedUntil: paused ? DAY.format(new Date(subscriber.paused_until!)) : undefined,
    // While paused no choice is ticked: saving the topics alone keeps the pause as it is.
    pauses: PAUSE_CHOICES.map((weeks) => ({
      weeks,
      label:
        weeks === 0 ? (paused ? 'Start again now' : 'No pause') : `${weeks} week${weeks === 1 ? '' : 's'}`,
      checked: !paused && weeks === 0,
    })),
  };
}

/** "You follow Speech and Developer Tools. No digest until 18 December 2026." */
export function describeSavedPreferences(
  subscriber: Subscriber,
  topics: readonly Topic[],
  now: Date,
): string {
  const followed = followedTopics(subscriber);
  const names = followed?.map((id) => topics.find((topic) => topic.id === id)?.name ?? id);
  const what = names ? `You follow ${list(names)}.` : 'You get every comparison.';
  return isPaused(subscriber, now)
    ? `${what} No digest until ${DAY.format(new Date(subscriber.paused_until!))}.`
    : `${what} The next digest comes as usual.`;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
