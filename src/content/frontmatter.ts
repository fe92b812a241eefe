import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';

/** Frontmatter and body of a Markdown file; YAML 1.2 so `2026-11-24` stays text, not a Date. */
export function splitFrontmatter(source: string): { data: unknown; body: string } {
  // Passing options also turns off gray-matter's cache, which would hand back a shared object.
  const parsed = matter(source, { engines: { yaml: (text: string) => parseYaml(text) ?? {} } });
  return { data: parsed.data, body: parsed.content };
}

export function parseYamlText(source: string): unknown {
  return parseYaml(source);
}

/** A short message from a YAML or frontmatter parse error, keeping its line and column. */
export function describeYamlError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `invalid YAML: ${message.split('\n')[0]}`;
}
