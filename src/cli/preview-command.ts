import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createChangeHub } from '../preview/change-hub.ts';
import { createPreviewApp } from '../preview/preview-app.ts';
import { createReloadingRenderer, registerTemplateReloading } from '../preview/template-renderer.ts';
import { watchFolders } from '../preview/watch-folders.ts';
import { createTransport, outboxDir } from '../send/create-transport.ts';
import { editionSource, type FolderOptions, folders, type Runtime } from './runtime.ts';
import { senderSettings } from './send-command.ts';
import { openSendHistory } from './send-history.ts';

export interface PreviewOptions extends FolderOptions {
  port: number;
  host: string;
  /** Host names besides the loopback ones the preview answers for (`--allowed-host`, repeatable). */
  allowedHost?: string[] | undefined;
}

const TEMPLATES_DIR = new URL('../../templates/digest/', import.meta.url);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `verdicts preview`: the editor preview on http://127.0.0.1:3001, watching the content, the issue notes
 * and the digest templates, until SIGINT/SIGTERM.
 */
export async function previewCommand(runtime: Runtime, options: PreviewOptions): Promise<number> {
  const { config } = runtime;
  const { contentDir, issuesDir, outDir } = folders(runtime, options);
  registerTemplateReloading(TEMPLATES_DIR);
  const renderer = createReloadingRenderer(new URL('Digest.tsx', TEMPLATES_DIR));
  const changes = createChangeHub();
  // Open while the preview runs: each page compares with what has been sent by then.
  const opened = openSendHistory(runtime);
  const app = createPreviewApp({
    source: editionSource(runtime, options, opened.history),
    sender: senderSettings(runtime),
    clock: runtime.clock,
    render: renderer.render,
    testTransport: (folder, date) => ({
      transport: createTransport(config, outDir, folder, date),
      label: config.resendApiKey ? 'Resend' : `the outbox folder ${outboxDir(outDir, folder)}/`,
    }),
    changes,
    allowedHosts: options.allowedHost ?? [],
    engagement: opened.engagement,
  });

  let server: Server;
  try {
    server = await listen(app.fetch, options.port, options.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    runtime.stderr(
      code === 'EADDRINUSE'
        ? `port ${options.port} is in use: stop the other preview or pass --port`
        : `cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`,
    );
    await opened.close();
    return 1;
  }
  const watcher = watchFolders(
    [
      { path: contentDir, kind: 'content', extensions: ['.md', '.yaml', '.yml'] },
      { path: issuesDir, kind: 'issues', extensions: ['.md'] },
      { path: fileURLToPath(TEMPLATES_DIR), kind: 'templates', extensions: ['.tsx', '.ts'] },
    ],
    (event) => {
      if (event.kinds.includes('templates')) renderer.reload();
      changes.publish(event);
    },
    { onError: (error) => runtime.stderr(`file watching: ${error.message}`) },
  );
  await watcher.ready;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  runtime.stdout(`Editor preview: http://${host}:${(server.address() as AddressInfo).port}/`);
  runtime.stdout(
    `  watching ${contentDir}/, ${issuesDir}/ and templates/digest/: saved files refresh the page`,
  );
  for (const missing of watcher.missing) runtime.stderr(`  ${missing}/ does not exist, so it is not watched`);
  if (!LOOPBACK.has(options.host) && !options.allowedHost?.length) {
    runtime.stdout(
      '  answers for localhost names only: add --allowed-host NAME for the name or address others use',
    );
  }
  runtime.stdout('  Ctrl-C stops.');

  if (!runtime.signal.aborted) {
    await new Promise<void>((resolve) =>
      runtime.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await watcher.close();
  // Open pages hold an event stream each: close them rather than wait.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await opened.close();
  runtime.stdout('preview stopped.');
  return 0;
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  port: number,
  hostname: string,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
