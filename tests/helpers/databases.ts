import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Every store suite runs once per real database. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** The server that test databases are created on (trust auth). Override with WV_TEST_POSTGRES_URL. */
const ADMIN_URL = process.env.WV_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, empty database: a temp SQLite file, or `wv_<random>` on the local PostgreSQL server.
 * Close every handle on it before `cleanup()` (PostgreSQL connections are terminated regardless).
 */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'wv-store-'));
    return { url: join(dir, 'test.db'), cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `wv_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async cleanup() {
      await admin(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
      );
      await admin(`drop database if exists ${name}`);
    },
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${ADMIN_URL} (start it: pg_ctlcluster --skip-systemctl-redirect <version> main start)`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
