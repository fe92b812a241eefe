import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { SqlDialect } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

/** An open, migrated database. `close()` ends the pools / closes the file. */
export interface StoreHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /**
   * For writes a crash may lose without harm (a batch's completion: a lost one is re-sent under its
   * idempotency key, which the provider answers from memory). On PostgreSQL its commits do not wait
   * for the WAL flush; on SQLite it is `db`.
   */
  relaxed: Kysely<Database>;
  /** PostgreSQL: the pool behind `db`, for a library that speaks to pg itself (shared rate limits). */
  pgPool?: pg.Pool | undefined;
  /** SQLite: the file behind `db`, for a hot path that runs synchronously (the vote route). */
  sqlite?: BetterSqlite3.Database | undefined;
  close(): Promise<void>;
}

interface Opened {
  db: Kysely<Database>;
  dialect: SqlDialect;
  relaxed: Kysely<Database>;
  pgPool?: pg.Pool | undefined;
  sqlite?: BetterSqlite3.Database | undefined;
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
  const { db, dialect, relaxed, pgPool, sqlite } = POSTGRES_URL.test(trimmed)
    ? openPostgres(trimmed)
    : openSqlite(trimmed);
  const close = async () => {
    await db.destroy();
    if (relaxed !== db) await relaxed.destroy();
  };
  try {
    await migrateToLatest(db as Kysely<unknown>, dialect);
  } catch (error) {
    await close().catch(() => undefined);
    throw databaseError(trimmed, error);
  }
  return { db, dialect, relaxed, pgPool, sqlite, close };
}

function openPostgres(url: string): Opened {
  try {
    new URL(url);
  } catch (error) {
    throw databaseError(url, error);
  }
  const pool = (options: pg.PoolConfig = {}) => {
    const created = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 15_000, ...options });
    // An idle client dropped by the server must not crash the process: the pool discards it and the
    // next query opens a fresh connection (or fails with a real error the caller sees).
    created.on('error', () => undefined);
    return created;
  };
  const kysely = (created: pg.Pool) =>
    new Kysely<Database>({ dialect: new PostgresDialect({ pool: created }) });
  const main = pool();
  // Connections open on first use: a process that never completes a batch never opens this pool.
  const relaxed = kysely(pool({ max: 4, options: '-c synchronous_commit=off' }));
  return { db: kysely(main), dialect: 'postgres', relaxed, pgPool: main };
}

function openSqlite(url: string): Opened {
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', relaxed: db, sqlite: database };
}

/**
 * True when DATABASE_URL names a SQLite file that does not exist yet: there is nothing to read, and a
 * command that only reads (build, check, preview) should not create it.
 */
export function isMissingSqliteFile(url: string): boolean {
  const trimmed = url.trim();
  if (POSTGRES_URL.test(trimmed)) return false;
  try {
    const path = sqlitePath(trimmed);
    return path !== ':memory:' && !existsSync(path);
  } catch {
    // A bad URL: opening it reports the problem.
    return false;
  }
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
