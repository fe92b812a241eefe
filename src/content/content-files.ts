/**
 * Where content files are read from: the filesystem for the CLI, memory in tests. Typed by the three calls
 * the loaders make, shaped like `node:fs` so an adapter is a thin pass-through, as Kysely types its
 * drivers by the few methods it calls.
 */
export interface ContentFiles {
  /** Whether a file or folder exists at `path`. */
  exists(path: string): boolean;
  /** A file's UTF-8 text; throws as `fs.readFileSync` does (an error with code `ENOENT` when missing). */
  readText(path: string): string;
  /** The names in a folder, in no particular order; throws as `fs.readdirSync` does. */
  list(dir: string): string[];
}
