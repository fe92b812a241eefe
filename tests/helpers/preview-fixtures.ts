import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import type { SendHistory } from '../../src/edition/send-history.ts';
import { createChangeHub } from '../../src/preview/change-hub.ts';
import { createPreviewApp, type PreviewDeps } from '../../src/preview/preview-app.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { createTransport, outboxDir } from '../../src/send/create-transport.ts';
import { SENDER } from './gate-fixtures.ts';

/** A copy of the sample content and notes in a temp folder, so tests can break and fix files. */
export async function copySampleContent() {
  const dir = await mkdtemp(join(tmpdir(), 'wv-preview-'));
  const folders = {
    dir,
    contentDir: join(dir, 'content'),
    issuesDir: join(dir, 'issues'),
    outDir: join(dir, 'out'),
  };
  await cp('content', folders.contentDir, { recursive: true });
  await cp('issues', folders.issuesDir, { recursive: true });
  return { ...folders, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Friday of 2026-W48: W48 is "this week", W47 "last week". */
export const NOW = new Date('2026-11-27T12:00:00Z');

/**
 * The preview app over the given folders, with the outbox as the test transport and a fixed clock;
 * `history` is what sent editions showed (none by default).
 */
export function previewApp(
  folders: { contentDir: string; issuesDir: string; outDir: string },
  { history, ...overrides }: Partial<PreviewDeps> & { history?: SendHistory } = {},
) {
  const config = loadConfig({ PUBLIC_URL: SENDER.publicUrl, SECRET: SENDER.secret });
  const changes = createChangeHub();
  const app = createPreviewApp({
    source: {
      files: fileSystemContent,
      contentDir: folders.contentDir,
      issuesDir: folders.issuesDir,
      siteUrl: config.siteUrl,
      publicUrl: config.publicUrl,
      postalAddress: config.postalAddress,
      timezone: 'UTC',
      history,
    },
    sender: SENDER,
    clock: () => NOW,
    render: renderDigestHtml,
    testTransport: (folder, date) => ({
      transport: createTransport(config, folders.outDir, folder, date),
      label: `the outbox folder ${outboxDir(folders.outDir, folder)}/`,
    }),
    changes,
    ...overrides,
  });
  return { app, changes };
}
