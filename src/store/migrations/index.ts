import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import * as initial from './0001-initial.ts';
import * as webhookEvents from './0002-webhook-events.ts';
import * as ledgerQueueIndex from './0003-ledger-queue-index.ts';
import * as ledgerWriteLean from './0004-ledger-write-lean.ts';
import * as providerIdPartial from './0005-provider-id-partial.ts';
import * as ledgerRanges from './0006-ledger-ranges.ts';
import * as providerAnswers from './0007-provider-answers.ts';
import * as editionFacts from './0008-edition-facts.ts';
import * as readerPreferences from './0010-reader-preferences.ts';
import * as engagement from './0011-engagement.ts';
import * as readerVotes from './0012-reader-votes.ts';
import * as batchCounts from './0013-batch-counts.ts';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
  down?(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
}

/** Every migration, in order. Names sort lexically; never rename or edit one that has shipped. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-webhook-events': webhookEvents,
  '0003-ledger-queue-index': ledgerQueueIndex,
  '0004-ledger-write-lean': ledgerWriteLean,
  '0005-provider-id-partial': providerIdPartial,
  '0006-ledger-ranges': ledgerRanges,
  '0007-provider-answers': providerAnswers,
  '0008-edition-facts': editionFacts,
  '0010-reader-preferences': readerPreferences,
  '0011-engagement': engagement,
  '0012-reader-votes': readerVotes,
  '0013-batch-counts': batchCounts,
};

/** An in-code provider (no directory scanning), binding each migration to the dialect it runs on. */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  return {
    async getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        const { down } = migration;
        bound[name] = {
          up: (db) => migration.up(db, dialect),
          ...(down ? { down: (db: Kysely<unknown>) => down(db, dialect) } : {}),
        };
      }
      return bound;
    },
  };
}
