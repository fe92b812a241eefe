import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxTransport } from '../../src/send/outbox-transport.ts';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { FORGOTTEN, forgetPerson } from '../../src/store/forget-store.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { eraseOutboxMessages } from '../../src/subscribers/erase-outbox.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';

const clock = () => new Date('2026-01-05T09:00:00Z');

describe.each(DIALECTS)('forgetting a person on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  it('deletes the row, tombstones the ledger and erases webhook events, keeping counts', async () => {
    const subscribers = createSubscriberStore(handle.db, clock);
    const ada = (
      await subscribers.add({ email: 'ada@example.com', name: 'Ada', status: 'active', source: 'cli' })
    ).subscriber;
    await subscribers.add({ email: 'bob@example.com', status: 'active', source: 'cli' });
    const ledger = createLedgerStore(handle, clock);
    await ledger.startEdition({ week: '2026-W01', subject: 's', preheader: 'p', html: 'h', text: 't' });
    await ledger.freezeNextBatch('2026-W01', 100, 'w', 60_000);
    await ledger.completeBatch('2026-W01', 1, [
      { subscriberId: ada.id, outcome: { ok: true, providerId: 're_1' } },
      { subscriberId: ada.id + 1, outcome: { ok: true, providerId: 're_2' } },
    ]);
    await ledger.startEdition({ week: '2026-W02', subject: 's', preheader: 'p', html: 'h', text: 't' });
    const events = createDeliveryEventStore(handle.db, clock);
    const payload = '{"type":"email.delivered","data":{"to":["ada@example.com"],"subject":"s"}}';
    await events.record({
      eventId: 'e1',
      type: 'email.delivered',
      providerEmailId: 're_1',
      recipient: 'ada@example.com',
      weekTag: null,
      createdAt: clock().toISOString(),
      payload,
      kind: 'delivered',
      detail: null,
    });
    // A confirmation email's event, tied to the address only.
    await events.record({
      eventId: 'e2',
      type: 'email.sent',
      providerEmailId: 're_x',
      recipient: 'ada@example.com',
      weekTag: null,
      createdAt: clock().toISOString(),
      payload,
      kind: 'sent',
      detail: null,
    });

    const report = await forgetPerson(handle, clock, ' ADA@example.com ');
    expect(report).toEqual({ subscriberId: ada.id, deliveries: 2, inFlight: 0, events: 2, votes: 0 });
    expect(await subscribers.findById(ada.id)).toBeUndefined();
    const deliveries = await handle.db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscriber_id', '=', ada.id)
      .orderBy('week')
      .execute();
    expect(deliveries.map(({ week, email }) => ({ week, email }))).toEqual([
      { week: '2026-W01', email: FORGOTTEN },
      { week: '2026-W02', email: FORGOTTEN },
    ]);
    expect(await ledger.deliveryStatus('2026-W01', ada.id)).toBe('sent');
    expect(await ledger.deliveryStatus('2026-W02', ada.id)).toBe('skipped');
    expect(await ledger.counts('2026-W01')).toMatchObject({ sent: 2 });
    const rows = await handle.db
      .selectFrom('delivery_events')
      .select(['recipient', 'payload', 'type'])
      .execute();
    expect(rows).toEqual([
      { recipient: FORGOTTEN, payload: '{"forgotten":true}', type: 'email.delivered' },
      { recipient: FORGOTTEN, payload: '{"forgotten":true}', type: 'email.sent' },
    ]);
    const text = JSON.stringify(await handle.db.selectFrom('deliveries').selectAll().execute());
    expect(text).not.toContain('ada@');
    expect((await subscribers.findByEmail('bob@example.com'))?.status).toBe('active');
    // Nothing left: a second request finds nothing.
    expect(await forgetPerson(handle, clock, 'ada@example.com')).toEqual({
      subscriberId: null,
      deliveries: 0,
      inFlight: 0,
      events: 0,
      votes: 0,
    });
  });

  it('keeps the address in a batch that is being sent, and says so', async () => {
    const subscribers = createSubscriberStore(handle.db, clock);
    const ada = (await subscribers.add({ email: 'ada@example.com', status: 'active', source: 'cli' }))
      .subscriber;
    const ledger = createLedgerStore(handle, clock);
    await ledger.startEdition({ week: '2026-W01', subject: 's', preheader: 'p', html: 'h', text: 't' });
    await ledger.freezeNextBatch('2026-W01', 100, 'w', 60_000);
    expect(await forgetPerson(handle, clock, 'ada@example.com')).toEqual({
      subscriberId: ada.id,
      deliveries: 0,
      inFlight: 1,
      events: 0,
      votes: 0,
    });
    expect(await ledger.batchRecipients('2026-W01', 1)).toEqual([
      { subscriberId: ada.id, email: 'ada@example.com' },
    ]);
  });
});

describe('forgetting: the outbox and the CLI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-forget-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const message = (subscriberId: number, to: string) => ({
    subscriberId,
    from: 'a@example.com',
    to,
    subject: 's',
    html: '<p>h</p>',
    text: 't',
    headers: {},
    tags: [],
  });

  it('deletes every outbox message to the address, and a per-email folder left empty', async () => {
    const outbox = join(dir, 'outbox');
    const write = (folder: string, messages: ReturnType<typeof message>[]) =>
      createOutboxTransport({ dir: join(outbox, folder), messageIdHost: 'x', date: clock() }).sendBatch(
        messages,
        { idempotencyKey: folder },
      );
    await write('2026-W01', [message(1, 'ada@example.com'), message(2, 'bob@example.com')]);
    await write('2026-W01-test', [message(0, 'ada@example.com')]);
    await write('transactional/2026-01-05T09-00-00-000Z-confirm-1', [message(1, 'ada@example.com')]);
    // Same file name, another address (names flatten characters): the To: header decides.
    await mkdir(join(outbox, 'odd'), { recursive: true });
    await writeFile(
      join(outbox, 'odd', '00000009-ada-at-example.com.eml'),
      'To: someone@else.example\r\n\r\nbody',
    );

    expect(await eraseOutboxMessages(outbox, 'ada@example.com')).toBe(3);
    expect(await readdir(join(outbox, '2026-W01'))).toEqual(['00000002-bob-at-example.com.eml']);
    expect(await readdir(join(outbox, 'transactional'))).toEqual([]);
    expect(await readdir(join(outbox, 'odd'))).toHaveLength(1);
    expect(await eraseOutboxMessages(join(dir, 'missing'), 'ada@example.com')).toBe(0);
  });

  it('writes and erases a message to the longest valid address (the file name is cut and hashed)', async () => {
    const outbox = join(dir, 'outbox');
    const longest = `${'l'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.com`;
    const sibling = `${'l'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.org`;
    const sent = await createOutboxTransport({
      dir: join(outbox, '2026-W01'),
      messageIdHost: 'x',
      date: clock(),
    }).sendBatch([message(7, longest), message(8, sibling)], { idempotencyKey: 'long' });
    expect(sent.kind).toBe('accepted');
    const names = await readdir(join(outbox, '2026-W01'));
    expect(names).toHaveLength(2);
    for (const name of names) expect(name.length).toBeLessThan(120);
    expect(await eraseOutboxMessages(outbox, longest)).toBe(1);
    expect(await readdir(join(outbox, '2026-W01'))).toHaveLength(1);
  });

  it('a message the outbox cannot write names the subscriber, never the address', async () => {
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where the folder should be');
    const failed = createOutboxTransport({
      dir: join(blocked, '2026-W01'),
      messageIdHost: 'x',
      date: clock(),
    }).sendBatch([message(7, 'ada@example.com')], { idempotencyKey: 'blocked' });
    await expect(failed).rejects.toThrow(/subscriber 7/);
    await expect(failed).rejects.not.toThrow(/ada/);
  });

  it('`verdicts subscribers forget` says what it erased', async () => {
    const env = { DATABASE_URL: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out') };
    expect((await runCli(['subscribers', 'add', 'ada@example.com', '--confirmed'], env)).code).toBe(0);
    const forgot = await runCli(['subscribers', 'forget', 'Ada@Example.com'], env);
    expect(forgot).toMatchObject({
      code: 0,
      stdout: 'forgot ada@example.com: deleted the subscriber (id 1).\n',
    });
    const again = await runCli(['subscribers', 'forget', 'ada@example.com'], env);
    expect(again).toMatchObject({ code: 0, stdout: 'nothing is stored about ada@example.com.\n' });
    const bad = await runCli(['subscribers', 'forget', 'not-an-address'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('email: "not-an-address" is not an email address');
    const exported = await runCli(['subscribers', 'export', '--email', 'ada@example.com'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1);
  });
});
