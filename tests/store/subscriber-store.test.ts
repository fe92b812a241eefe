import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { SUBSCRIBER_STATUSES } from '../../src/store/schema.ts';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const T0 = new Date('2026-01-05T09:00:00.000Z');

describe.each(DIALECTS)('subscriber store on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let now: Date;
  let store: SubscriberStore;
  const tick = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
    return now.toISOString();
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    now = T0;
    store = createSubscriberStore(handle.db, () => now);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  describe('add', () => {
    it('normalizes the address and records status timestamps', async () => {
      const { subscriber, created } = await store.add({
        email: '  Ada.Lovelace@Example.COM ',
        name: ' Ada ',
        status: 'active',
        source: 'cli',
      });
      expect(created).toBe(true);
      expect(subscriber).toEqual({
        id: 1,
        email: 'ada.lovelace@example.com',
        name: 'Ada',
        status: 'active',
        source: 'cli',
        created_at: T0.toISOString(),
        updated_at: T0.toISOString(),
        confirmed_at: T0.toISOString(),
        unsubscribed_at: null,
        suppressed_reason: null,
        confirm_retry_at: null,
        topics: null,
        paused_until: null,
      });
      const pending = await store.add({ email: 'b@example.com', status: 'pending', source: 'signup' });
      expect(pending.subscriber).toMatchObject({ name: null, confirmed_at: null, unsubscribed_at: null });
    });

    it('leaves an existing address exactly as it was', async () => {
      const first = await store.add({
        email: 'ada@example.com',
        name: 'Ada',
        status: 'pending',
        source: 'signup',
      });
      tick(5);
      const again = await store.add({
        email: 'ADA@example.com',
        name: 'Other',
        status: 'active',
        source: 'cli',
      });
      expect(again).toEqual({ subscriber: first.subscriber, created: false });
      expect(await store.list()).toHaveLength(1);
    });

    it('rejects an invalid address (callers validate first)', async () => {
      await expect(store.add({ email: 'not an email', status: 'active', source: 'cli' })).rejects.toThrow(
        '"not an email" contains a space',
      );
    });

    it('creates one row when the same address is added concurrently', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.add({ email: 'race@example.com', status: 'pending', source: 'signup' }),
        ),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.subscriber.id)).size).toBe(1);
    });
  });

  describe('find and list', () => {
    it('finds by normalized email and by id', async () => {
      const { subscriber } = await store.add({ email: 'ada@example.com', status: 'active', source: 'cli' });
      expect(await store.findByEmail(' ADA@Example.com')).toEqual(subscriber);
      expect(await store.findById(subscriber.id)).toEqual(subscriber);
      expect(await store.findByEmail('nobody@example.com')).toBeUndefined();
      expect(await store.findByEmail('not an email')).toBeUndefined();
      expect(await store.findById(999)).toBeUndefined();
    });

    it('lists by id with status filter, limit and offset', async () => {
      for (const [i, status] of (['active', 'pending', 'active', 'active'] as const).entries()) {
        await store.add({ email: `s${i}@example.com`, status, source: 'cli' });
      }
      expect((await store.list()).map((s) => s.email)).toEqual([
        's0@example.com',
        's1@example.com',
        's2@example.com',
        's3@example.com',
      ]);
      const active = await store.list({ status: 'active', limit: 2, offset: 1 });
      expect(active.map((s) => s.email)).toEqual(['s2@example.com', 's3@example.com']);
      expect(await store.list({ status: 'bounced' })).toEqual([]);
    });
  });

  describe('countByStatus', () => {
    it('reports every status, zeros included', async () => {
      expect(await store.countByStatus()).toEqual(Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])));
      await store.importMany(
        Array.from({ length: 3 }, (_, i) => ({ email: `a${i}@example.com` })),
        { status: 'active', source: 'test' },
      );
      await store.add({ email: 'p@example.com', status: 'pending', source: 'test' });
      const { subscriber } = await store.add({ email: 'u@example.com', status: 'active', source: 'test' });
      await store.setStatus(subscriber.id, 'unsubscribed');
      expect(await store.countByStatus()).toEqual({
        pending: 1,
        active: 3,
        unsubscribed: 1,
        bounced: 0,
        complained: 0,
      });
    });
  });

  describe('setStatus', () => {
    it('stamps confirmed_at and unsubscribed_at on the transition and updated_at always', async () => {
      const { subscriber } = await store.add({
        email: 'ada@example.com',
        status: 'pending',
        source: 'signup',
      });
      const t1 = tick(1);
      expect(await store.setStatus(subscriber.id, 'active')).toMatchObject({
        status: 'active',
        confirmed_at: t1,
        updated_at: t1,
        unsubscribed_at: null,
        created_at: T0.toISOString(),
      });
      const t2 = tick(1);
      expect(await store.setStatus(subscriber.id, 'active')).toMatchObject({
        confirmed_at: t1,
        updated_at: t2,
      });
      const t3 = tick(1);
      expect(await store.setStatus(subscriber.id, 'unsubscribed')).toMatchObject({
        status: 'unsubscribed',
        confirmed_at: t1,
        unsubscribed_at: t3,
        updated_at: t3,
      });
      const t4 = tick(1);
      expect(await store.setStatus(subscriber.id, 'unsubscribed')).toMatchObject({
        unsubscribed_at: t3,
        updated_at: t4,
      });
      const t5 = tick(1);
      // An explicit re-confirmation is a new consent: fresh confirmed_at, no longer unsubscribed.
      expect(await store.setStatus(subscriber.id, 'active')).toMatchObject({
        status: 'active',
        confirmed_at: t5,
        unsubscribed_at: null,
      });
      const t6 = tick(1);
      expect(await store.setStatus(subscriber.id, 'bounced')).toMatchObject({
        status: 'bounced',
        confirmed_at: t5,
        unsubscribed_at: null,
        updated_at: t6,
      });
    });

    it('returns undefined for an unknown id', async () => {
      expect(await store.setStatus(42, 'active')).toBeUndefined();
    });
  });

  describe('never resurrects', () => {
    it.each(['unsubscribed', 'bounced', 'complained'] as const)(
      'a %s address on add or import',
      async (status) => {
        const { subscriber } = await store.add({
          email: 'gone@example.com',
          status: 'active',
          source: 'signup',
        });
        const left = await store.setStatus(subscriber.id, status);
        tick(10);
        expect(await store.add({ email: 'Gone@Example.com', status: 'active', source: 'cli' })).toEqual({
          subscriber: left,
          created: false,
        });
        expect(
          await store.importMany([{ email: 'gone@example.com', name: 'Back' }], {
            status: 'active',
            source: 'import:x',
          }),
        ).toEqual({ inserted: 0, unchanged: 1 });
        expect(await store.findById(subscriber.id)).toEqual(left);
      },
    );
  });

  describe('importMany', () => {
    it('inserts new addresses in chunks and changes nothing when repeated', async () => {
      await store.add({ email: 'existing@example.com', name: 'Kept', status: 'pending', source: 'signup' });
      const rows = Array.from({ length: 1_203 }, (_, i) => ({
        email: `User${i}@Example.com`,
        name: `User ${i}`,
      }));
      rows.push(
        { email: 'user7@example.com', name: 'Duplicate' },
        { email: 'EXISTING@example.com', name: 'New' },
      );
      tick(1);
      expect(await store.importMany(rows, { status: 'active', source: 'import:list.csv' })).toEqual({
        inserted: 1_203,
        unchanged: 1,
      });
      const seven = await store.findByEmail('user7@example.com');
      expect(seven).toMatchObject({ name: 'User 7', status: 'active', source: 'import:list.csv' });
      expect(seven?.confirmed_at).toBe(now.toISOString());
      expect(await store.findByEmail('existing@example.com')).toMatchObject({
        name: 'Kept',
        status: 'pending',
      });

      tick(1);
      expect(await store.importMany(rows, { status: 'pending', source: 'import:again.csv' })).toEqual({
        inserted: 0,
        unchanged: 1_204,
      });
      expect(await store.findByEmail('user7@example.com')).toEqual(seven);
      expect((await store.countByStatus()).active).toBe(1_203);
    });

    it('accepts an empty list', async () => {
      expect(await store.importMany([], { status: 'active', source: 'x' })).toEqual({
        inserted: 0,
        unchanged: 0,
      });
    });
  });

  describe('stream', () => {
    it('pages through 2,500 subscribers by id without ever loading them all', async () => {
      const total = 2_500;
      await store.importMany(
        Array.from({ length: total }, (_, i) => ({
          email: `reader${String(i).padStart(4, '0')}@example.com`,
        })),
        { status: 'active', source: 'test' },
      );
      const seen = { selects: 0, largestResult: 0 };
      const counting: KyselyPlugin = {
        transformQuery: ({ node }) => {
          if (node.kind === 'SelectQueryNode') seen.selects++;
          return node;
        },
        transformResult: async ({ result }) => {
          seen.largestResult = Math.max(seen.largestResult, result.rows.length);
          return result;
        },
      };
      const watched = createSubscriberStore(handle.db.withPlugin(counting), () => now);

      const ids: number[] = [];
      for await (const subscriber of watched.stream(1_000)) ids.push(subscriber.id);

      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(seen).toEqual({ selects: 3, largestResult: 1_000 });
    });

    it('skips ids removed mid-stream and yields nothing for an empty list', async () => {
      const empty: unknown[] = [];
      for await (const subscriber of store.stream()) empty.push(subscriber);
      expect(empty).toEqual([]);

      for (const i of [1, 2, 3, 4, 5])
        await store.add({ email: `r${i}@example.com`, status: 'active', source: 't' });
      const emails: string[] = [];
      for await (const subscriber of store.stream(2)) {
        emails.push(subscriber.email);
        if (subscriber.email === 'r2@example.com') await store.remove('r3@example.com');
      }
      expect(emails).toEqual(['r1@example.com', 'r2@example.com', 'r4@example.com', 'r5@example.com']);
    });
  });

  describe('remove', () => {
    it('deletes by normalized email and reports whether anything was removed', async () => {
      await store.add({ email: 'ada@example.com', status: 'active', source: 'cli' });
      await store.add({ email: 'bob@example.com', status: 'active', source: 'cli' });
      expect(await store.remove(' ADA@example.com')).toBe(true);
      expect(await store.remove('ada@example.com')).toBe(false);
      expect(await store.remove('not an email')).toBe(false);
      expect(await store.findByEmail('ada@example.com')).toBeUndefined();
      expect((await store.list()).map((s) => s.email)).toEqual(['bob@example.com']);
    });
  });
});
