import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import type { SqlDialect } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

export type { SqlDialect } from './migrations/index.ts';

/** An open, migrated database. `close()` ends the pool / closes the file. */
export interface StoreHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  close(): Promise<void>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Opens the database named by a DATABASE_URL value and runs pending migrations: `postgres://…` or
 * `postgresql://…` is PostgreSQL; anything else is a SQLite file path (`file:` prefix optional,
 * `:memory:` allowed). A bad URL or an unreachable database rejects with an Error naming DATABASE_URL.
 */
export async function openDatabase(url: string): Promise<StoreHandle> {
  const trimmed = url.trim();
  const { db, dialect } = POSTGRES_URL.test(trimmed) ? openPostgres(trimmed) : openSqlite(trimmed);
  try {
    await migrateToLatest(db as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw databaseError(trimmed, error);
  }
  return { db, dialect, close: () => db.destroy() };
}

function openPostgres(url: string): { db: Kysely<Database>; dialect: SqlDialect } {
  try {
    new URL(url);
  } catch (error) {
    throw databaseError(url, error);
  }
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 15_000 });
  // An idle client dropped by the server must not crash the process: the pool discards it and the next
  // query opens a fresh connection (or fails with a real error the caller sees).
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

function openSqlite(url: string): { db: Kysely<Database>; dialect: SqlDialect } {
  const path = sqlitePath(url);
  let database: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    database = new BetterSqlite3(path);
    if (path !== ':memory:') database.pragma('journal_mode = WAL');
    // WAL + NORMAL: no fsync per commit, still consistent after a crash. A commit lost to power failure
    // only means a batch is re-sent under the same idempotency key, which the provider drops.
    database.pragma('synchronous = NORMAL');
    // 4 MB of page cache (better-sqlite3 builds with 16 MB): a send streams through the ledger once, so a
    // bigger cache only holds pages it will not read again; the OS page cache keeps the hot ones anyway.
    database.pragma('cache_size = -4000');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    throw databaseError(url, error);
  }
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }),
    dialect: 'sqlite',
  };
}

function sqlitePath(url: string): string {
  if (url === '') throw new Error('DATABASE_URL is empty: give a SQLite file path or a postgres:// URL');
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch (error) {
      throw databaseError(url, error);
    }
  }
  if (url.startsWith('file:')) return url.slice('file:'.length);
  if (OTHER_SCHEME.test(url)) {
    throw new Error(
      `DATABASE_URL ${redact(url)}: unsupported scheme "${url.split(':')[0]}" (use a SQLite file path or postgres://)`,
    );
  }
  return url;
}

function databaseError(url: string, cause: unknown): Error {
  return new Error(`DATABASE_URL ${redact(url)}: ${describeError(cause)}`, { cause });
}

/** The URL with any password masked, safe for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** A readable cause: Node's AggregateError (e.g. ECONNREFUSED on ::1 and 127.0.0.1) has an empty message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error.cause === undefined ? error.name : describeError(error.cause);
}
