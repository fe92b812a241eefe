import { normalize } from 'node:path';
import type { ContentFiles } from '../../src/content/content-files.ts';

/**
 * Content files held in memory, keyed by path (`content/comparisons/x.md`): folders exist wherever a
 * file sits below them. Missing paths throw the ENOENT errors `node:fs` throws. Every path asked for is
 * recorded in `reads`.
 */
export function memoryContent(files: Record<string, string>): ContentFiles & { reads: string[] } {
  const texts = new Map(Object.entries(files).map(([path, text]) => [normalize(path), text]));
  const reads: string[] = [];
  const below = (dir: string) => [...texts.keys()].filter((path) => path.startsWith(`${normalize(dir)}/`));
  const missing = (call: string, path: string) =>
    Object.assign(new Error(`ENOENT: no such file or directory, ${call} '${path}'`), { code: 'ENOENT' });
  return {
    reads,
    exists(path) {
      reads.push(path);
      return texts.has(normalize(path)) || below(path).length > 0;
    },
    readText(path) {
      reads.push(path);
      const text = texts.get(normalize(path));
      if (text === undefined) throw missing('open', path);
      return text;
    },
    list(dir) {
      reads.push(dir);
      const paths = below(dir);
      if (paths.length === 0) throw missing('scandir', dir);
      return [...new Set(paths.map((path) => path.slice(normalize(dir).length + 1).split('/')[0]!))];
    },
  };
}
