import type { Config } from '../config/config.ts';
import { fileSystemContent } from '../content/file-system-content.ts';
import type { EditionSource } from '../edition/prepare-edition.ts';
import type { SendHistory } from '../edition/send-history.ts';
import type { Logger } from '../log/logger.ts';
import type { StoreHandle } from '../store/open-database.ts';

/** What a command needs from the outside world; the composition root (src/cli.ts) provides it. */
export interface Runtime {
  config: Config;
  clock: () => Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Raw output with no newline added (CSV export). */
  writeOut: (chunk: string) => void;
  /** True when stdout is a terminal (progress bars); plain log lines otherwise. */
  interactive: boolean;
  /** Logs of long-running commands, at LOG_LEVEL on standard error (JSON lines unless interactive). */
  logger: (options: { name: string; nonBlocking?: boolean }) => Logger;
  openStore: () => Promise<StoreHandle>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Aborted on SIGTERM/SIGINT: long-running commands finish the unit of work in flight and stop. */
  signal: AbortSignal;
  /** Identifies this process in leases: host:pid. */
  workerId: string;
  /** True when a lease owner (host:pid) is a process on this host that is still running. */
  isOwnerAlive: (owner: string) => boolean;
}

/** Content, notes and output folders, from flags over configuration. */
export interface FolderOptions {
  content?: string | undefined;
  issues?: string | undefined;
  out?: string | undefined;
}

export function folders(runtime: Runtime, options: FolderOptions) {
  return {
    contentDir: options.content ?? runtime.config.contentDir,
    issuesDir: options.issues ?? runtime.config.issuesDir,
    outDir: options.out ?? runtime.config.outDir,
  };
}

/** Where editions come from: the content folders, and the send history the change lines compare with. */
export function editionSource(
  runtime: Runtime,
  options: FolderOptions,
  history?: SendHistory | undefined,
): EditionSource {
  const { contentDir, issuesDir } = folders(runtime, options);
  const { siteUrl, publicUrl, postalAddress, timezone } = runtime.config;
  return {
    files: fileSystemContent,
    contentDir,
    issuesDir,
    siteUrl,
    publicUrl,
    postalAddress,
    timezone,
    history,
  };
}
