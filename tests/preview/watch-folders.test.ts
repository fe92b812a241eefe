import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/preview/change-hub.ts';
import { watchFolders } from '../../src/preview/watch-folders.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wv-watch-'));
  await mkdir(join(dir, 'content', 'comparisons'), { recursive: true });
  await mkdir(join(dir, 'issues'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function nextChange(events: ChangeEvent[], count = 1, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (events.length >= count) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no change event within ${timeoutMs} ms`));
      }
    }, 10);
  });
}

describe('watchFolders', () => {
  it('reports saves in nested folders as one debounced batch, by kind, ignoring other files', async () => {
    const events: ChangeEvent[] = [];
    const watcher = watchFolders(
      [
        { path: join(dir, 'content'), kind: 'content', extensions: ['.md', '.yaml'] },
        { path: join(dir, 'issues'), kind: 'issues', extensions: ['.md'] },
      ],
      (event) => events.push(event),
      { debounceMs: 50 },
    );
    try {
      await watcher.ready;
      const started = Date.now();
      await writeFile(join(dir, 'content', 'comparisons', '.a.md.swp'), 'x');
      // Emacs lock files end in .md too, but are hidden.
      await writeFile(join(dir, 'content', 'comparisons', '.#a.md'), 'x');
      await writeFile(join(dir, 'content', 'comparisons', 'a.md'), '---\n');
      await writeFile(join(dir, 'content', 'comparisons', 'a.md'), '---\ntitle: x\n');
      await writeFile(join(dir, 'issues', '2026-W48.md'), '---\n');
      await nextChange(events);
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(events).toEqual([
        { kinds: ['content', 'issues'], paths: ['content/comparisons/a.md', 'issues/2026-W48.md'] },
      ]);
    } finally {
      await watcher.close();
    }
  });

  it('keeps seeing a file that editors save by renaming a temp file over it, new subfolders and deletions', async () => {
    const events: ChangeEvent[] = [];
    const watcher = watchFolders(
      [{ path: join(dir, 'content'), kind: 'content', extensions: ['.md'] }],
      (event) => events.push(event),
      { debounceMs: 50 },
    );
    try {
      await watcher.ready;
      const file = join(dir, 'content', 'comparisons', 'b.md');
      for (let save = 1; save <= 3; save++) {
        await writeFile(`${file}.tmp~`, `save ${save}`);
        await rename(`${file}.tmp~`, file);
        await nextChange(events, save);
      }
      expect(events.map((event) => event.paths)).toEqual([
        ['content/comparisons/b.md'],
        ['content/comparisons/b.md'],
        ['content/comparisons/b.md'],
      ]);
      await mkdir(join(dir, 'content', 'comparisons', 'archive'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writeFile(join(dir, 'content', 'comparisons', 'archive', 'c.md'), 'x');
      await nextChange(events, 4);
      expect(events[3]!.paths).toEqual(['content/comparisons/archive/c.md']);
      await unlink(file);
      await nextChange(events, 5);
      expect(events[4]!.paths).toEqual(['content/comparisons/b.md']);
    } finally {
      await watcher.close();
    }
  });

  it('lists folders that do not exist instead of failing', async () => {
    const watcher = watchFolders(
      [{ path: join(dir, 'nope'), kind: 'issues', extensions: ['.md'] }],
      () => {},
    );
    expect(watcher.missing).toEqual([join(dir, 'nope')]);
    await watcher.ready;
    await watcher.close();
  });
});
