import type { SendHistory } from '../edition/send-history.ts';
import { createSendHistory } from '../store/edition-facts-store.ts';
import { type EditionFigures, recentEditionFigures } from '../store/engagement/edition-stats.ts';
import { isMissingSqliteFile, type StoreHandle } from '../store/open-database.ts';
import type { Runtime } from './runtime.ts';
import { RECENT_EDITIONS } from './stats-command.ts';

/** The send history of the configured database, open until `close()`. */
export interface OpenHistory {
  history: SendHistory;
  /** The last editions' engagement figures (the preview's Stats page); undefined before any send. */
  engagement: () => Promise<EditionFigures[] | undefined>;
  close(): Promise<void>;
}

/**
 * The send history for commands that only read it (build, check, preview). The database is opened on
 * the first question; while DATABASE_URL names a SQLite file that does not exist, nothing was sent and
 * the file is not created (a preview started before the first send sees it once it exists).
 */
export function openSendHistory(runtime: Runtime): OpenHistory {
  let store: Promise<StoreHandle> | undefined;
  const open = (): Promise<StoreHandle> | undefined => {
    if (!store && !isMissingSqliteFile(runtime.config.databaseUrl)) store = runtime.openStore();
    return store;
  };
  const history = async (): Promise<SendHistory | undefined> => {
    const opened = open();
    return opened ? createSendHistory((await opened).db) : undefined;
  };
  return {
    history: {
      appearances: async (keys) => (await history())?.appearances(keys) ?? [],
      sentAt: async (week) => (await history())?.sentAt(week),
      readerVotes: async (week) => (await (await history())?.readerVotes?.(week)) ?? [],
    },
    async engagement() {
      const opened = open();
      return opened ? recentEditionFigures(await opened, RECENT_EDITIONS) : undefined;
    },
    async close() {
      const opened = await store?.catch(() => undefined);
      await opened?.close();
    },
  };
}
