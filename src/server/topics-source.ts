import type { ContentFiles } from '../content/content-files.ts';
import { loadContent } from '../content/load.ts';
import { listTopics, type Topic } from '../content/topics.ts';

/** The topics readers can follow now (the content folder's published comparisons). */
export type TopicsSource = () => Topic[];

/** How long the server keeps a topic list before reading the content folder again. */
const FRESH_MS = 60_000;

/**
 * Topics from the content folder, read again at most once a minute: the signup form and the preferences
 * page offer what the site publishes, without reading every comparison on every request.
 */
export function contentTopics(
  files: ContentFiles,
  settings: { contentDir: string; siteUrl: string; timezone: string },
  clock: () => Date,
): TopicsSource {
  let kept: { topics: Topic[]; at: number } | undefined;
  return () => {
    const now = clock().getTime();
    if (!kept || now - kept.at > FRESH_MS) {
      const { comparisons } = loadContent(files, settings.contentDir, settings);
      kept = { topics: listTopics(comparisons), at: now };
    }
    return kept.topics;
  };
}
