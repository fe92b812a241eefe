import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ContentFiles } from './content-files.ts';

/** Content files on disk; paths are relative to the working directory unless absolute. */
export const fileSystemContent: ContentFiles = {
  exists: (path) => existsSync(path),
  readText: (path) => readFileSync(path, 'utf8'),
  list: (dir) => readdirSync(dir),
};
