import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

describe.each(DIALECTS)('subscriber transitions on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let store: SubscriberStore;
  let now: Date;
  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    now = new Date('2026-01-05T09:00:00.000Z');
    store = createSubscriberStore(handle.db, () => now);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  it('changes status only from the statuses given (compare-and-set)', async () => {
    const { subscriber } = await store.add({ email: 'ada@example.com', status: 'pending', source: 'signup' });
    expect(await store.transition(subscriber.id, ['active'], 'unsubscribed')).toBeUndefined();
    expect(await store.transition(subscriber.id, [], 'active')).toBeUndefined();
    now = new Date('2026-01-06T09:00:00.000Z');
    const active = await store.transition(subscriber.id, ['pending'], 'active');
    expect(active).toMatchObject({
      status: 'active',
      confirmed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    expect(await store.transition(subscriber.id, ['pending'], 'active')).toBeUndefined();
    expect(await store.transition(9999, ['pending'], 'active')).toBeUndefined();
  });

  it('going back to pending keeps the record of earlier consent', async () => {
    const { subscriber } = await store.add({ email: 'ada@example.com', status: 'active', source: 'cli' });
    now = new Date('2026-01-06T09:00:00.000Z');
    await store.transition(subscriber.id, ['active'], 'unsubscribed');
    now = new Date('2026-01-07T09:00:00.000Z');
    const pending = await store.transition(subscriber.id, ['unsubscribed'], 'pending');
    expect(pending).toMatchObject({
      status: 'pending',
      confirmed_at: '2026-01-05T09:00:00.000Z',
      unsubscribed_at: '2026-01-06T09:00:00.000Z',
      updated_at: '2026-01-07T09:00:00.000Z',
    });
    const active = await store.transition(subscriber.id, ['pending'], 'active');
    expect(active).toMatchObject({ confirmed_at: '2026-01-07T09:00:00.000Z', unsubscribed_at: null });
  });

  it('sets the name, trimmed; blank means none', async () => {
    const { subscriber } = await store.add({ email: 'ada@example.com', status: 'pending', source: 'signup' });
    expect((await store.setName(subscriber.id, '  Ada  '))?.name).toBe('Ada');
    expect((await store.setName(subscriber.id, '   '))?.name).toBeNull();
  });
});
