import type { Comparison, IssueNote } from '../content/types.ts';
import { parseHtml, select } from './html.ts';
import type { GateFinding, GateOrigin } from './types.ts';

/** What the edition was built from, so findings about a URL can name the file and field it came from. */
export interface GateSources {
  /** The comparisons in the edition, in digest order. */
  comparisons: readonly Comparison[];
  note?: IssueNote | undefined;
  /** The editor's intro as rendered into the digest (markdown-it output), when there is one. */
  introHtml?: string | undefined;
  siteUrl: string;
  publicUrl: string;
}

export type Origin = Pick<GateFinding, 'origin' | 'file' | 'field' | 'comparison'> & { origin: GateOrigin };

const TEMPLATE: Origin = { origin: 'template' };

/** Looks up where a URL found in the rendered HTML was written. Unknown URLs belong to the template. */
export function originIndex(sources: GateSources): (url: string) => Origin[] {
  const byUrl = new Map<string, Origin[]>();
  const add = (url: string | undefined, origin: Origin) => {
    if (url === undefined) return;
    const key = url.trim();
    const list = byUrl.get(key) ?? [];
    if (!list.some((o) => o.file === origin.file && o.field === origin.field)) list.push(origin);
    byUrl.set(key, list);
  };
  if (sources.note && sources.introHtml) {
    for (const element of select('a, img', parseHtml(sources.introHtml))) {
      const url = element.name === 'a' ? element.attribs.href : element.attribs.src;
      add(url, { origin: 'content', file: sources.note.file, field: 'intro' });
    }
  }
  for (const comparison of sources.comparisons) {
    const base = { origin: 'content' as const, file: comparison.file, comparison: comparison.slug };
    add(comparison.url, { ...base, field: 'url' });
    comparison.tools.forEach((tool, index) => {
      add(tool.url, { ...base, field: `tools[${index}].url` });
      add(tool.logo, { ...base, field: `tools[${index}].logo` });
    });
  }
  add(sources.siteUrl, { origin: 'configuration', field: 'SITE_URL' });
  return (url) => byUrl.get(url.trim()) ?? [TEMPLATE];
}
