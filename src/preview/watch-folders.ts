import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ChangeEvent } from './change-hub.ts';

export interface WatchedFolder {
  path: string;
  kind: string;
  /** File name endings that count as a change; everything else (editor swap files…) is ignored. */
  extensions: readonly string[];
}

export interface FolderWatcher {
  /** Folders that did not exist at start and are not watched. */
  missing: string[];
  close(): void;
}

/**
 * Watches folders and their subfolders and reports changes in batches: editors write a file in several
 * steps (temp file, rename, chmod), so events are collected for `debounceMs` after the last one before
 * `onChange` runs.
 *
 * One non-recursive watcher per directory, not `watch(…, { recursive: true })`: on Linux, Node 20's
 * recursive mode loses a file for good once an editor saves it by renaming a temp file over it (vim,
 * JetBrains "safe write", `sed -i`). A directory watcher sees those renames.
 */
export function watchFolders(
  folders: readonly WatchedFolder[],
  onChange: (event: ChangeEvent) => void,
  { debounceMs = 100, onError = (_error: Error) => {} } = {},
): FolderWatcher {
  const watchers = new Map<string, FSWatcher>();
  const missing: string[] = [];
  let pending: { kinds: Set<string>; paths: Set<string> } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    timer = undefined;
    if (!pending || closed) return;
    const event = { kinds: [...pending.kinds].sort(), paths: [...pending.paths].sort() };
    pending = undefined;
    onChange(event);
  };

  const record = (folder: WatchedFolder, file: string) => {
    pending ??= { kinds: new Set(), paths: new Set() };
    pending.kinds.add(folder.kind);
    pending.paths.add(`${folder.kind}/${file.split(sep).join('/')}`);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  const watchTree = (folder: WatchedFolder, dir: string) => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_type, name) => {
        if (!name) return;
        const path = join(dir, String(name));
        if (isDirectory(path)) {
          // A new subfolder: watch it, and count what was created in it meanwhile.
          watchTree(folder, path);
          return;
        }
        if (folder.extensions.some((extension) => path.endsWith(extension))) {
          record(folder, relative(folder.path, path));
        }
      });
    } catch (error) {
      onError(error as Error);
      return;
    }
    watcher.on('error', (error) => {
      // The directory went away (deleted or renamed): drop its watcher, keep the others.
      watcher.close();
      watchers.delete(dir);
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') onError(error);
    });
    watchers.set(dir, watcher);
    for (const entry of safeReaddir(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        watchTree(folder, join(dir, entry.name));
      }
    }
  };

  for (const folder of folders) {
    if (!existsSync(folder.path)) missing.push(folder.path);
    else watchTree(folder, folder.path);
  }
  return {
    missing,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
