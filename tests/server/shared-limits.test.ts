import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createMemoryLogger, silentLogger } from '../../src/log/logger.ts';
import type { Transport } from '../../src/send/transport.ts';
import { composeApp, loadServerAssets, SIGNUPS_PER_IP } from '../../src/server/compose-app.ts';
import { createFixedWindowLimiter } from '../../src/server/rate-limiter.ts';
import { serverLimiters } from '../../src/server/server-limiters.ts';
import { createSharedLimiter, RATE_LIMIT_TABLE } from '../../src/server/shared-rate-limiter.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { PUBLIC_URL, SECRET, SITE_URL } from '../helpers/server-harness.ts';

const settings = loadConfig({ SITE_URL, PUBLIC_URL, SECRET });
const discard: Transport = {
  name: 'discard',
  maxBatchSize: 1,
  async sendBatch(messages) {
    return { kind: 'accepted', outcomes: messages.map(() => ({ ok: true, providerId: 'x' })) };
  },
};

describe.each(DIALECTS)('signup limits of several serve processes on %s', (dialect) => {
  let database: TestDatabase;
  const handles: StoreHandle[] = [];
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await database.cleanup();
  });

  /** One `verdicts serve` process: its own connection pool, its own limiters, as serve wires them. */
  async function serveProcess() {
    const handle = await openDatabase(database.url);
    handles.push(handle);
    const clock = () => new Date();
    const limits = await serverLimiters(handle, settings, clock, silentLogger);
    const { app, tasks } = composeApp(settings, await loadServerAssets(settings), {
      db: handle.db,
      clock,
      sleep: async () => {},
      transportFor: () => discard,
      log: silentLogger,
      ...limits,
    });
    return async (i: number) => {
      const response = await app.request(
        `${PUBLIC_URL}/api/subscribe`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `reader${i}@example.com` }),
        },
        { incoming: { socket: { remoteAddress: '198.51.100.9' } } },
      );
      await tasks.idle();
      return response;
    };
  }

  it(
    dialect === 'postgres'
      ? 'counts one client across processes: the 11th signup in 10 minutes is refused by either'
      : 'counts in the one process SQLite allows',
    async () => {
      database = await createTestDatabase(dialect);
      const [first, second] = [await serveProcess(), await serveProcess()];
      const statuses: number[] = [];
      // Ten signups from one client address, alternating between the two processes.
      for (let i = 0; i < 10; i++) statuses.push((await (i % 2 ? second : first)(i)).status);
      expect(statuses).toEqual(Array(10).fill(202));
      if (dialect === 'postgres') {
        for (const serve of [first, second]) {
          const refused = await serve(99);
          expect(refused.status).toBe(429);
          expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
        }
        // The table holds keys hashed under SECRET, never the client's address.
        const rows = await handles[0]!.pgPool!.query(`select key from ${RATE_LIMIT_TABLE}`);
        expect(rows.rows.length).toBeGreaterThan(0);
        for (const row of rows.rows as { key: string }[]) expect(row.key).not.toContain('198.51.100');
      } else {
        // Each process counts alone: five more on the first reach its ten, the next is refused.
        for (let i = 10; i < 15; i++) expect((await first(i)).status).toBe(202);
        expect((await first(15)).status).toBe(429);
      }
    },
  );
});

describe('a shared limit when PostgreSQL goes away', () => {
  it('keeps limiting in the process (never fails open) and says so once', async () => {
    const database = await createTestDatabase('postgres');
    const handle = await openDatabase(database.url);
    try {
      const { logger, entries } = createMemoryLogger();
      const limiter = await createSharedLimiter({
        pool: handle.pgPool!,
        name: 'signup',
        ...SIGNUPS_PER_IP,
        secret: SECRET,
        fallback: createFixedWindowLimiter({ ...SIGNUPS_PER_IP, clock: () => new Date() }),
        log: logger,
      });
      expect(await limiter.take('client')).toEqual({ ok: true });
      await handle.pgPool!.end();
      const decisions = [];
      for (let i = 0; i < 12; i++) decisions.push((await limiter.take('client')).ok);
      expect(decisions).toEqual([...Array(10).fill(true), false, false]);
      expect(
        entries.filter((entry) => entry.msg === 'shared rate limit unavailable: counting locally'),
      ).toHaveLength(1);
    } finally {
      await handle.close().catch(() => undefined);
      await database.cleanup();
    }
  });

  it('starts several limiters on one new database at once (their table is created once, without a race)', async () => {
    const database = await createTestDatabase('postgres');
    const handles = [await openDatabase(database.url), await openDatabase(database.url)];
    try {
      const limiters = await Promise.all(
        handles.flatMap((handle) =>
          ['signup', 'email'].map((name) =>
            createSharedLimiter({
              pool: handle.pgPool!,
              name,
              ...SIGNUPS_PER_IP,
              secret: SECRET,
              fallback: createFixedWindowLimiter({ ...SIGNUPS_PER_IP, clock: () => new Date() }),
              log: silentLogger,
            }),
          ),
        ),
      );
      for (const limiter of limiters) expect(await limiter.take('client')).toEqual({ ok: true });
    } finally {
      for (const handle of handles) await handle.close();
      await database.cleanup();
    }
  });
});
