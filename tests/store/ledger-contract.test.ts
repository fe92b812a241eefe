import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDelivery } from '../../src/store/ledger/find-delivery.ts';
import { createLedgerStore, type LedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { DELIVERY_STATUSES } from '../../src/store/schema.ts';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const WEEK = '2026-W48';
const EDITION = { week: WEEK, subject: 'S', preheader: 'P', html: '<p>h</p>', text: 't' };
const LEASE = 60_000;

/**
 * The ledger's contract, run unchanged on SQLite and PostgreSQL: what a sender, `status`, `forget` and
 * the webhooks rely on, whichever database holds it.
 */
describe.each(DIALECTS)('the delivery ledger on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let now: Date;
  let ledger: LedgerStore;
  let subscribers: SubscriberStore;
  let ids: number[];

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    now = new Date('2026-11-30T09:00:00.000Z');
    const clock = () => now;
    subscribers = createSubscriberStore(handle.db, clock);
    ledger = createLedgerStore(handle, clock);
    await subscribers.importMany(
      Array.from({ length: 25 }, (_, i) => ({ email: `r${String(i + 1).padStart(2, '0')}@example.com` })),
      { status: 'active', source: 'test' },
    );
    ids = (await subscribers.list({ limit: 100 })).map((s) => s.id);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  const unsubscribe = async (index: number) => subscribers.setStatus(ids[index]!, 'unsubscribed');
  /** Every status is counted once: the counts always add up to the audience. */
  const countsAddUp = async () => {
    const counts = await ledger.counts(WEEK);
    const audience = (await ledger.getEdition(WEEK))!.audience;
    expect(DELIVERY_STATUSES.reduce((sum, status) => sum + counts[status], 0)).toBe(audience);
    return counts;
  };

  it('snapshots the active subscribers once; later changes wait for the next edition', async () => {
    await unsubscribe(0);
    const started = await ledger.startEdition(EDITION);
    expect(started).toMatchObject({ created: true, edition: { audience: 24, status: 'sending' } });
    await subscribers.add({ email: 'late@example.com', status: 'active', source: 'test' });
    const again = await ledger.startEdition({ ...EDITION, html: '<p>edited</p>' });
    expect(again).toMatchObject({ created: false, edition: { audience: 24, html: '<p>h</p>' } });
    expect(await countsAddUp()).toMatchObject({ queued: 24 });
  });

  it('freezes batches in subscriber order, skipping who left, and keeps their members fixed', async () => {
    await ledger.startEdition(EDITION);
    await unsubscribe(2);
    await unsubscribe(11);
    const frozen = await ledger.freezeBatches(WEEK, {
      size: 5,
      maxBatches: 3,
      owner: 'a',
      leaseMs: LEASE,
      firstAttemptNow: true,
    });
    expect(frozen.map((f) => f.recipients.map((r) => r.subscriberId))).toEqual([
      [ids[0], ids[1], ids[3], ids[4], ids[5]],
      [ids[6], ids[7], ids[8], ids[9], ids[10]],
      // Two skipped among the 15 candidates leave the last batch short; the next freeze goes on after them.
      [ids[12], ids[13], ids[14]],
    ]);
    expect(frozen.map((f) => [f.batch.batch_no, f.batch.attempts, f.batch.lease_owner])).toEqual([
      [1, 1, 'a'],
      [2, 0, 'a'],
      [3, 0, 'a'],
    ]);
    expect(await ledger.deliveryStatus(WEEK, ids[2]!)).toBe('skipped');
    // Leaving after the freeze changes nothing in a frozen batch: a retry must repeat its request.
    await unsubscribe(7);
    for (const f of frozen)
      expect(await ledger.batchRecipients(WEEK, f.batch.batch_no)).toEqual(f.recipients);
    const next = await ledger.freezeNextBatch(WEEK, 5, 'a', LEASE);
    expect(next?.batch.batch_no).toBe(4);
    expect(next?.recipients[0]?.subscriberId).toBe(ids[15]);
    expect(await countsAddUp()).toMatchObject({ batched: 18, skipped: 2, queued: 5 });
  });

  it('gives each claimer a different unfinished batch, and takes over a dead sender’s after its lease', async () => {
    await ledger.startEdition(EDITION);
    await ledger.freezeBatches(WEEK, { size: 5, maxBatches: 3, owner: 'dead', leaseMs: LEASE });
    expect(await ledger.claimFrozenBatch(WEEK, 'b', LEASE)).toBeUndefined();
    expect(await ledger.leaseHolders(WEEK)).toEqual(['dead']);
    now = new Date(now.getTime() + LEASE + 1);
    const claims = await Promise.all(
      ['b', 'c', 'd', 'e'].map((owner) => ledger.claimFrozenBatch(WEEK, owner, LEASE)),
    );
    const claimed = claims.filter((claim) => claim !== undefined).map((claim) => claim.batch_no);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBeGreaterThan(0);
    expect(await ledger.openBatches(WEEK)).toMatchObject({ count: 3 });
    expect(await ledger.releaseLeasesOf(WEEK, 'b')).toBeLessThanOrEqual(1);
  });

  it('never lets two senders freeze the same deliveries', async () => {
    await ledger.startEdition(EDITION);
    const frozen = (
      await Promise.all(
        ['a', 'b', 'c'].map((owner) =>
          ledger.freezeBatches(WEEK, { size: 4, maxBatches: 2, owner, leaseMs: LEASE }),
        ),
      )
    ).flat();
    const members = frozen.flatMap((f) => f.recipients.map((r) => r.subscriberId));
    expect(new Set(members).size).toBe(members.length);
    expect(members).toHaveLength(24);
    expect(frozen.map((f) => f.batch.batch_no).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records each member’s outcome and finds a sent email by its provider id', async () => {
    await ledger.startEdition(EDITION);
    const [first, second] = await ledger.freezeBatches(WEEK, {
      size: 10,
      maxBatches: 2,
      owner: 'a',
      leaseMs: LEASE,
    });
    await ledger.completeBatch(
      WEEK,
      1,
      first!.recipients.map((r, i) => ({
        subscriberId: r.subscriberId,
        outcome:
          i === 3
            ? { ok: false, error: 'Invalid `to` field' }
            : { ok: true, providerId: `re_${r.subscriberId}` },
      })),
      { batchNo: 2, owner: 'a', leaseMs: LEASE },
    );
    expect(await countsAddUp()).toMatchObject({ sent: 9, failed: 1, batched: 10, queued: 5 });
    expect(await ledger.failures(WEEK)).toEqual([
      { email: 'r04@example.com', status: 'failed', error: 'Invalid `to` field' },
    ]);
    expect(await ledger.deliveryStatus(WEEK, ids[0]!)).toBe('sent');
    expect(await ledger.deliveryStatus(WEEK, ids[3]!)).toBe('failed');
    expect(await ledger.deliveryStatus(WEEK, ids[10]!)).toBe('batched');
    // A webhook naming only the provider's id finds the delivery it is about.
    expect(
      await findDelivery(handle.db, { subscriberId: ids[0]!, weekTag: null, providerId: `re_${ids[0]}` }),
    ).toEqual({
      week: WEEK,
      subscriberId: ids[0],
    });
    expect(
      await findDelivery(handle.db, { subscriberId: ids[1]!, weekTag: null, providerId: `re_${ids[0]}` }),
    ).toBeUndefined();
    expect(await findDelivery(handle.db, { subscriberId: ids[3]!, weekTag: WEEK, providerId: null })).toEqual(
      {
        week: WEEK,
        subscriberId: ids[3],
      },
    );
    // The next batch's first attempt went on record with this outcome.
    const batches = await handle.db.selectFrom('batches').selectAll().orderBy('batch_no').execute();
    expect(batches.map((b) => [b.status, b.attempts, b.last_error])).toEqual([
      ['sent', 0, '1 rejected by the provider'],
      ['frozen', 1, null],
    ]);
    // Answered again after a lost completion, or by a sender that took it over: nothing changes, and
    // only the first completion counts the batch as its own.
    const results = second!.recipients.map((r) => ({
      subscriberId: r.subscriberId,
      outcome: { ok: true as const, providerId: `re_${r.subscriberId}` },
    }));
    expect(await ledger.completeBatch(WEEK, 2, results)).toBe(true);
    expect(await ledger.completeBatch(WEEK, 2, results)).toBe(false);
    expect(await countsAddUp()).toMatchObject({ sent: 19, failed: 1, batched: 0, queued: 5 });
  });

  it('gives back a batch that was never sent, taking back the attempt counted for it', async () => {
    await ledger.startEdition(EDITION);
    const [batch] = await ledger.freezeBatches(WEEK, {
      size: 25,
      maxBatches: 1,
      owner: 'a',
      leaseMs: LEASE,
      firstAttemptNow: true,
    });
    await ledger.releaseBatch(WEEK, batch!.batch.batch_no, 'a', true);
    const row = await handle.db.selectFrom('batches').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 0, first_attempt_at: null, lease_owner: null, status: 'frozen' });
    await ledger.recordAttempt(WEEK, 1, 'b', LEASE);
    await ledger.recordRetry(WEEK, 1, '503 service unavailable');
    expect(await handle.db.selectFrom('batches').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      attempts: 1,
      lease_owner: 'b',
      last_error: '503 service unavailable',
    });
  });

  it('keeps an uncertain batch’s members uncertain until an event settles one', async () => {
    await ledger.startEdition(EDITION);
    await ledger.freezeBatches(WEEK, { size: 25, maxBatches: 1, owner: 'a', leaseMs: LEASE });
    await ledger.markBatchUncertain(WEEK, 1, 'beyond the idempotency window');
    expect(await countsAddUp()).toMatchObject({ uncertain: 25, batched: 0 });
    const failures = await ledger.failures(WEEK, 3);
    expect(failures).toEqual([
      { email: 'r01@example.com', status: 'uncertain', error: 'beyond the idempotency window' },
      { email: 'r02@example.com', status: 'uncertain', error: 'beyond the idempotency window' },
      { email: 'r03@example.com', status: 'uncertain', error: 'beyond the idempotency window' },
    ]);
    expect(await ledger.finishIfDone(WEEK)).toBe(true);
    expect((await ledger.getEdition(WEEK))?.status).toBe('complete');
  });

  it('is complete only when no delivery waits', async () => {
    await ledger.startEdition(EDITION);
    expect(await ledger.finishIfDone(WEEK)).toBe(false);
    const [batch] = await ledger.freezeBatches(WEEK, { size: 25, maxBatches: 1, owner: 'a', leaseMs: LEASE });
    expect(await ledger.finishIfDone(WEEK)).toBe(false);
    await ledger.completeBatch(
      WEEK,
      1,
      batch!.recipients.map((r) => ({
        subscriberId: r.subscriberId,
        outcome: { ok: true, providerId: `p${r.subscriberId}` },
      })),
    );
    expect(await ledger.finishIfDone(WEEK)).toBe(true);
    expect(await ledger.listEditions(5)).toMatchObject([{ week: WEEK, status: 'complete' }]);
    expect(await countsAddUp()).toMatchObject({ sent: 25 });
  });
});
