import { existsSync, type Stats } from 'node:fs';
import { relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type { ChangeEvent } from './change-hub.ts';

/** Chokidar's window for repeated `change` events on one path (not configurable). */
const CHANGE_THROTTLE_MS = 50;

export interface WatchedFolder {
  path: string;
  kind: string;
  /** File name endings that count as a change; everything else (editor swap files…) is ignored. */
  extensions: readonly string[];
}

export interface FolderWatcher {
  /** Folders that did not exist at start and are not watched. */
  missing: string[];
  /** Settles once every folder has been scanned: changes from then on are reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches folders and their subfolders with chokidar and reports changes in batches: editors write a file
 * in several steps (temp file, rename, chmod), so events are collected for `debounceMs` after the last one
 * before `onChange` runs. Chokidar, not `fs.watch(…, { recursive: true })`: on Linux, Node 20's recursive
 * mode loses a file for good once an editor saves it by renaming a temp file over it (vim, JetBrains
 * "safe write", `sed -i`). Hidden files and folders (`.git`, `.#lock` files) and node_modules are skipped.
 *
 * Chokidar drops a second change to the same file within 50 ms of the first; a batch that stays open at
 * least that long is read after such a save, so `debounceMs` is never less than 50.
 */
export function watchFolders(
  folders: readonly WatchedFolder[],
  onChange: (event: ChangeEvent) => void,
  { debounceMs = 100, onError = (_error: Error) => {} } = {},
): FolderWatcher {
  const missing = folders.filter((folder) => !existsSync(folder.path)).map((folder) => folder.path);
  let pending: { kinds: Set<string>; paths: Set<string> } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const quiet = Math.max(debounceMs, CHANGE_THROTTLE_MS);
  const flush = () => {
    timer = undefined;
    if (!pending || closed) return;
    const event = { kinds: [...pending.kinds].sort(), paths: [...pending.paths].sort() };
    pending = undefined;
    onChange(event);
  };

  const watchers = folders
    .filter((folder) => !missing.includes(folder.path))
    .map((folder) => {
      const counts = (path: string) => folder.extensions.some((extension) => path.endsWith(extension));
      const watcher = watch(folder.path, {
        ignoreInitial: true,
        ignored: (path: string, stats?: Stats) =>
          hidden(relative(folder.path, path)) || (stats?.isFile() === true && !counts(path)),
      });
      watcher.on('all', (event, path) => {
        if (event === 'addDir' || event === 'unlinkDir' || !counts(path)) return;
        pending ??= { kinds: new Set(), paths: new Set() };
        pending.kinds.add(folder.kind);
        pending.paths.add(`${folder.kind}/${relative(folder.path, path).split(sep).join('/')}`);
        if (timer) clearTimeout(timer);
        timer = setTimeout(flush, quiet);
      });
      watcher.on('error', (error) => onError(error as Error));
      return watcher;
    });

  return {
    missing,
    ready: Promise.all(
      watchers.map((watcher) => new Promise<void>((resolve) => watcher.once('ready', () => resolve()))),
    ).then(() => undefined),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.all(watchers.map((watcher) => watcher.close()));
    },
  };
}

/** A path below the watched folder that is, or sits in, a hidden folder or node_modules. */
function hidden(path: string): boolean {
  return path.split(sep).some((part) => part.startsWith('.') || part === 'node_modules');
}
