import { type Kysely, Migrator, sql } from 'kysely';
import type { SqlDialect } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';

const LOCK_WAIT_MS = 30_000;

/**
 * Brings the schema up to date. Safe to call from several processes at once: PostgreSQL serializes
 * Kysely's migrator with an advisory lock and transactional DDL; on SQLite we hold the write lock
 * (`BEGIN IMMEDIATE`) ourselves, since Kysely runs SQLite migrations outside a transaction.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const provider = migrationProvider(dialect);
  // The common case (already migrated) takes no lock at all.
  const pending = (await new Migrator({ db, provider }).getMigrations()).filter((m) => !m.executedAt);
  if (pending.length === 0) return;

  if (dialect === 'postgres') {
    await run(new Migrator({ db, provider }));
    return;
  }
  await db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      await run(new Migrator({ db: conn, provider }));
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Takes SQLite's write lock, polling without blocking: with busy_timeout the wait would block this thread,
 * so a second handle opened in the same process could never see the first one finish migrating.
 */
async function beginImmediate(conn: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn);
  const timeout = rows[0]?.timeout ?? 0;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.raw(String(timeout))}`.execute(conn);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

async function run(migrator: Migrator): Promise<void> {
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error');
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(failed ? `migration ${failed.migrationName} failed: ${message}` : message, {
    cause: error,
  });
}
