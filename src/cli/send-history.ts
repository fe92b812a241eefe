import type { SendHistory } from '../edition/send-history.ts';
import { createSendHistory } from '../store/edition-facts-store.ts';
import { isMissingSqliteFile, type StoreHandle } from '../store/open-database.ts';
import type { Runtime } from './runtime.ts';

/** The send history of the configured database, open until `close()`. */
export interface OpenHistory {
  history: SendHistory;
  close(): Promise<void>;
}

/**
 * The send history for commands that only read it (build, check, preview). The database is opened on
 * the first question; while DATABASE_URL names a SQLite file that does not exist, nothing was sent and
 * the file is not created (a preview started before the first send sees it once it exists).
 */
export function openSendHistory(runtime: Runtime): OpenHistory {
  let store: Promise<StoreHandle> | undefined;
  const history = async (): Promise<SendHistory | undefined> => {
    if (!store) {
      if (isMissingSqliteFile(runtime.config.databaseUrl)) return undefined;
      store = runtime.openStore();
    }
    return createSendHistory((await store).db);
  };
  return {
    history: {
      appearances: async (keys) => (await history())?.appearances(keys) ?? [],
      sentAt: async (week) => (await history())?.sentAt(week),
      readerVotes: async (week) => (await (await history())?.readerVotes?.(week)) ?? [],
    },
    async close() {
      const opened = await store?.catch(() => undefined);
      await opened?.close();
    },
  };
}
