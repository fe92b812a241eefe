import { safeHref } from '../../templates/digest/href.ts';
import type { Digest } from './digest-model.ts';

/** A link of an edition that belongs to a comparison: its page, or a tool's site or logo. */
export interface EditionLink {
  /** Normalized (see normalizeLink). */
  url: string;
  comparison: string;
  /** Null for the comparison's own page. */
  tool: string | null;
}

/** Query parameters that say where a click came from, not where it goes; `token` is per reader. */
const TRACKING_PARAM = /^(utm_.*|token)$/i;
const MAX_LINK = 2000;

/**
 * A link as it is counted: without campaign parameters (`utm_*`), the per-reader `token` of the
 * unsubscribe and preferences links, and the fragment, so none of them splits a link's count. Pure.
 */
export function normalizeLink(link: string): string {
  const trimmed = link.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed.slice(0, MAX_LINK);
  }
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAM.test(name)) url.searchParams.delete(name);
  }
  url.hash = '';
  return url.href.slice(0, MAX_LINK);
}

/**
 * Every comparison link of the whole week's model, which covers every variant (a variant holds some of
 * its comparisons). A URL shown twice keeps its first place: a click on it cannot say which one it was.
 */
export function editionLinks(digest: Digest): EditionLink[] {
  const links = new Map<string, EditionLink>();
  const add = (href: string | undefined, comparison: string, tool: string | null) => {
    const safe = safeHref(href);
    if (!safe || safe.startsWith('mailto:')) return;
    const url = normalizeLink(safe);
    if (!links.has(url)) links.set(url, { url, comparison, tool });
  };
  for (const comparison of digest.comparisons) {
    add(comparison.url, comparison.slug, null);
    for (const tool of comparison.tools) {
      add(tool.url, comparison.slug, tool.name);
      add(tool.logo, comparison.slug, tool.name);
    }
  }
  return [...links.values()];
}
