import type { Comparison } from './types.ts';

/** A topic readers can follow: a tools' category, by its id. */
export interface Topic {
  /** The category in lower case, every run of other characters than letters and digits turned into `-`. */
  id: string;
  /** The category as written (the first spelling met, in comparison order). */
  name: string;
  /** Comparisons with a tool in it. */
  comparisons: number;
}

/** "Local Inference" → `local-inference` (CONTENT.md). */
export function topicId(category: string): string {
  return category
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The topics a comparison belongs to: those of both its tools (one when they share a category). */
export function topicsOf(comparison: Pick<Comparison, 'tools'>): string[] {
  return [...new Set(comparison.tools.map((tool) => topicId(tool.category)))];
}

/** Every topic of the published comparisons (drafts are not followed yet), by name. */
export function listTopics(comparisons: readonly Comparison[]): Topic[] {
  const topics = new Map<string, Topic>();
  for (const comparison of comparisons) {
    if (comparison.draft) continue;
    for (const tool of comparison.tools) {
      const id = topicId(tool.category);
      if (!topics.has(id)) topics.set(id, { id, name: tool.category.trim(), comparisons: 0 });
    }
    for (const id of topicsOf(comparison)) topics.get(id)!.comparisons++;
  }
  return [...topics.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}
