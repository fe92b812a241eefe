import { fileSystemContent } from '../content/file-system-content.ts';
import { loadContent } from '../content/load.ts';
import { listTopics, type Topic } from '../content/topics.ts';
import { type FolderOptions, folders, type Runtime } from './runtime.ts';

/** The topics readers can follow, from the content folder's published comparisons. */
export function contentTopics(runtime: Runtime, options: FolderOptions): Topic[] {
  const { contentDir } = folders(runtime, options);
  const { siteUrl, timezone } = runtime.config;
  return listTopics(loadContent(fileSystemContent, contentDir, { siteUrl, timezone }).comparisons);
}

/** `verdicts topics [--json]`: id, name and how many comparisons each topic has. */
export async function topicsCommand(
  runtime: Runtime,
  options: FolderOptions & { json?: boolean | undefined },
) {
  const topics = contentTopics(runtime, options);
  if (options.json) {
    runtime.stdout(JSON.stringify(topics));
    return 0;
  }
  if (topics.length === 0) {
    runtime.stdout('no topics: no published comparisons yet');
    return 0;
  }
  const width = Math.max(2, ...topics.map((t) => t.id.length));
  const nameWidth = Math.max(4, ...topics.map((t) => t.name.length));
  runtime.stdout(`${'id'.padEnd(width)}  ${'name'.padEnd(nameWidth)}  comparisons`);
  for (const topic of topics)
    runtime.stdout(`${topic.id.padEnd(width)}  ${topic.name.padEnd(nameWidth)}  ${topic.comparisons}`);
  return 0;
}
