import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderedEdition } from '../../src/send/personalize.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';

export const SETTINGS = {
  from: 'Weekly Verdicts <digest@verdicts.example.com>',
  publicUrl: 'https://news.example.com',
  secret: 'benchmark-secret-0123456789abcdef',
};

/** The sample week 2026-W47 rendered as it is sent: the realistic payload for delivery benchmarks. */
export async function sampleEdition(): Promise<RenderedEdition> {
  // Imported here, not at the top: it loads React, which processes that only send never need.
  const { prepareEdition } = await import('../../src/edition/prepare-edition.ts');
  const { fileSystemContent } = await import('../../src/content/file-system-content.ts');
  const prepared = await prepareEdition(
    {
      files: fileSystemContent,
      contentDir: 'content',
      issuesDir: 'issues',
      siteUrl: 'https://verdicts.example.com',
      publicUrl: SETTINGS.publicUrl,
      postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield',
      timezone: 'UTC',
    },
    '2026-W47',
    new Date('2026-11-23T09:00:00Z'),
  );
  return prepared.rendered;
}

/** A temporary SQLite store holding `count` active subscribers, imported in chunks. */
export async function sqliteWithSubscribers(
  count: number,
): Promise<{ handle: StoreHandle; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wv-bench-'));
  const handle = await openDatabase(join(dir, 'bench.db'));
  await addSubscribers(handle, count);
  return {
    handle,
    async cleanup() {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function addSubscribers(handle: StoreHandle, count: number, chunk = 50_000): Promise<void> {
  const store = createSubscriberStore(handle.db, () => new Date());
  for (let start = 0; start < count; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + chunk); i++)
      rows.push({ email: `reader${i}@example.com` });
    await store.importMany(rows, { status: 'active', source: 'bench' });
  }
}
