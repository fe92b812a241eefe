import { type Command, InvalidArgumentError } from 'commander';
import type { SubscriberStore } from '../store/subscriber-store.ts';
import { normalizeEmail } from '../subscribers/email-address.ts';
import { describePreferences, followedTopics, isPaused, pauseEnd } from '../subscribers/preferences.ts';
import type { Runtime } from './runtime.ts';
import { contentTopics } from './topics-command.ts';

type Run = (action: (runtime: Runtime, store: SubscriberStore) => Promise<number>) => () => Promise<void>;

interface PrefsOptions {
  topics?: string[] | undefined;
  all?: boolean | undefined;
  pauseWeeks?: number | undefined;
  content?: string | undefined;
}

/** `verdicts subscribers prefs EMAIL [--topics a,b | --all] [--pause-weeks N]`: shows or sets them. */
export function registerPreferencesCommand(subscribers: Command, run: Run): void {
  subscribers
    .command('prefs')
    .description('show or set what one subscriber reads: the topics followed, and a pause')
    .argument('<email>')
    .option(
      '--topics <ids>',
      'follow only these topic ids (comma-separated; see `verdicts topics`)',
      topicList,
    )
    .option('--all', 'follow every topic (the default)')
    .option('--pause-weeks <n>', 'no digest for this many weeks from now (0 ends a pause)', weeks)
    .option('--content <dir>', 'content folder the topics come from')
    .action((email: string, options: PrefsOptions) =>
      run(async (runtime, store) => {
        if (options.topics && options.all) {
          runtime.stderr('--topics and --all: give one of them');
          return 2;
        }
        const normalized = normalizeEmail(email);
        const found = normalized.ok ? await store.findByEmail(normalized.email) : undefined;
        if (!found) {
          runtime.stderr(`no subscriber with the address ${email}`);
          return 1;
        }
        const now = runtime.clock();
        if (options.topics) {
          const known = new Set(contentTopics(runtime, options).map((topic) => topic.id));
          const unknown = options.topics.filter((id) => !known.has(id));
          if (unknown.length > 0) {
            runtime.stderr(
              `--topics: unknown topic ${unknown.map((id) => `"${id}"`).join(', ')} (known: ${[...known].join(', ') || 'none'})`,
            );
            return 2;
          }
        }
        let subscriber = found;
        if (options.topics || options.all || options.pauseWeeks !== undefined) {
          subscriber =
            (await store.setPreferences(found.id, {
              topics: options.all ? null : (options.topics ?? followedTopics(found)),
              pausedUntil:
                options.pauseWeeks === undefined
                  ? isPaused(found, now)
                    ? found.paused_until
                    : null
                  : pauseEnd(now, options.pauseWeeks),
            })) ?? found;
        }
        runtime.stdout(`${subscriber.email}: ${describePreferences(subscriber, now)}`);
        return 0;
      })(),
    );
}

function topicList(value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new InvalidArgumentError('give at least one topic id, or --all');
  return ids;
}

function weeks(value: string): number {
  const parsed = /^\d{1,2}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 52)
    throw new InvalidArgumentError('must be 0 to 52 weeks');
  return parsed;
}
