import { describe, expect, it } from 'vitest';
import { editionLinks, normalizeLink } from '../../src/render/edition-links.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';

describe('the links an edition counts clicks by', () => {
  it('drops campaign parameters, per-reader tokens and fragments, and keeps everything else', () => {
    expect(normalizeLink('https://a.example/x?utm_source=wv&utm_medium=email&page=2#top')).toBe(
      'https://a.example/x?page=2',
    );
    expect(normalizeLink('https://news.example/unsubscribe?token=abc.def')).toBe(
      'https://news.example/unsubscribe',
    );
    expect(normalizeLink(' HTTPS://A.example ')).toBe('https://a.example/');
    expect(normalizeLink('not a url')).toBe('not a url');
  });

  it('maps every comparison page, tool site and tool logo of the week to its comparison and tool', () => {
    const links = editionLinks(sampleDigest);
    for (const comparison of sampleDigest.comparisons) {
      expect(links).toContainEqual({
        url: normalizeLink(comparison.url),
        comparison: comparison.slug,
        tool: null,
      });
      for (const tool of comparison.tools) {
        if (tool.url)
          expect(links).toContainEqual({
            url: normalizeLink(tool.url),
            comparison: comparison.slug,
            tool: tool.name,
          });
      }
    }
    expect(new Set(links.map((link) => link.url)).size).toBe(links.length);
  });
});
