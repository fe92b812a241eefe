import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/server/webhook-signature.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { type ServerHarness, serverHarness, WEBHOOK_SECRET } from '../helpers/server-harness.ts';

const WEEK = '2026-W02';

/** A Resend event as documented (email.bounced carries data.bounce). */
function event(type: string, data: Record<string, unknown>) {
  return JSON.stringify({ type, created_at: '2026-01-05T09:00:00.000Z', data });
}

describe.each(DIALECTS)('Resend webhooks on %s', (dialect) => {
  let h: ServerHarness;
  let ids: Record<string, number>;
  let sequence = 0;

  beforeEach(async () => {
    h = await serverHarness(dialect, { webhooks: true });
    ids = {};
    for (const name of ['ada', 'bob', 'cy', 'dee']) {
      ids[name] = (
        await h.subscribers.add({ email: `${name}@example.com`, status: 'active', source: 'cli' })
      ).subscriber.id;
    }
    // The digest went out: ada, bob and cy in a batch the provider accepted; dee in one whose answer was
    // lost for longer than the provider keeps idempotency keys, so the ledger has it as uncertain.
    const ledger = createLedgerStore({ db: h.db, dialect }, h.clock);
    await ledger.startEdition({ week: WEEK, subject: 's', preheader: 'p', html: '<p>h</p>', text: 't' });
    await ledger.freezeNextBatch(WEEK, 3, 'test', 60_000);
    await ledger.completeBatch(
      WEEK,
      1,
      ['ada', 'bob', 'cy'].map((name) => ({
        subscriberId: ids[name]!,
        outcome: { ok: true, providerId: `re_${name}` },
      })),
    );
    await ledger.freezeNextBatch(WEEK, 3, 'test', 60_000);
    await ledger.markBatchUncertain(WEEK, 2, 'answer lost');
  });
  afterEach(async () => {
    await h.close();
  });

  function deliver(
    payload: string,
    options: { id?: string; at?: Date; secret?: string; headers?: Record<string, string> } = {},
  ) {
    const id = options.id ?? `msg_${++sequence}`;
    const headers = signWebhook(options.secret ?? WEBHOOK_SECRET, id, options.at ?? h.clock(), payload);
    return h.request('/webhooks/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...options.headers },
      body: payload,
    });
  }
  const rows = () =>
    h.db.selectFrom('delivery_events').selectAll().orderBy('received_at').orderBy('event_id').execute();

  it('marks a hard bounce bounced, records it against the ledger, and the next digest skips them', async () => {
    const payload = event('email.bounced', {
      email_id: 're_ada',
      to: ['Ada@Example.com'],
      subject: 's',
      bounce: { type: 'Permanent', subType: 'General', message: 'No such user' },
      tags: { category: 'digest', week: WEEK },
    });
    const response = await deliver(payload, { id: 'msg_bounce' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect((await h.subscribers.findById(ids.ada!))?.status).toBe('bounced');
    expect(await rows()).toEqual([
      {
        event_id: 'msg_bounce',
        type: 'email.bounced',
        kind: 'bounced',
        provider_email_id: 're_ada',
        recipient: 'ada@example.com',
        week: WEEK,
        subscriber_id: ids.ada,
        created_at: '2026-01-05T09:00:00.000Z',
        received_at: h.clock().toISOString(),
        payload,
        link: null,
      },
    ]);
    const ledger = createLedgerStore({ db: h.db, dialect }, h.clock);
    const next = await ledger.startEdition({
      week: '2026-W03',
      subject: 's',
      preheader: 'p',
      html: 'h',
      text: 't',
    });
    expect(next.edition.audience).toBe(3);
    const audience = await h.db
      .selectFrom('deliveries')
      .select('email')
      .where('week', '=', '2026-W03')
      .execute();
    expect(audience.map((row) => row.email)).not.toContain('ada@example.com');
    // And signing up again does not bring them back.
    await h.form('/subscribe', { email: 'ada@example.com' });
    expect((await h.subscribers.findById(ids.ada!))?.status).toBe('bounced');
  });

  it('marks a complaint complained, even over a bounce; a soft bounce only records', async () => {
    await deliver(
      event('email.bounced', {
        email_id: 're_bob',
        to: ['bob@example.com'],
        bounce: { type: 'Transient', subType: 'MailboxFull' },
      }),
    );
    expect((await h.subscribers.findById(ids.bob!))?.status).toBe('active');
    await deliver(event('email.complained', { email_id: 're_bob', to: ['bob@example.com'] }));
    expect((await h.subscribers.findById(ids.bob!))?.status).toBe('complained');
    await deliver(
      event('email.bounced', { email_id: 're_bob', to: ['bob@example.com'], bounce: { type: 'Permanent' } }),
    );
    expect((await h.subscribers.findById(ids.bob!))?.status).toBe('complained');
    expect((await rows()).map((row) => row.type)).toEqual([
      'email.bounced',
      'email.complained',
      'email.bounced',
    ]);
  });

  it('records delivery events, and settles a delivery the ledger had as uncertain', async () => {
    expect(
      (await deliver(event('email.delivered', { email_id: 're_cy', to: ['cy@example.com'] }))).status,
    ).toBe(200);
    await deliver(
      event('email.delivered', { email_id: 're_dee', to: ['dee@example.com'], tags: { week: WEEK } }),
    );
    await deliver(event('email.delivered', { email_id: 're_transactional', to: ['stranger@example.com'] }));
    expect(
      (await rows()).map(({ type, week, subscriber_id, recipient }) => ({
        type,
        week,
        subscriber_id,
        recipient,
      })),
    ).toEqual([
      { type: 'email.delivered', week: WEEK, subscriber_id: ids.cy, recipient: 'cy@example.com' },
      { type: 'email.delivered', week: WEEK, subscriber_id: ids.dee, recipient: 'dee@example.com' },
      { type: 'email.delivered', week: null, subscriber_id: null, recipient: 'stranger@example.com' },
    ]);
    const ledger = createLedgerStore({ db: h.db, dialect }, h.clock);
    expect(await ledger.deliveryStatus(WEEK, ids.dee!)).toBe('sent');
    expect(await ledger.counts(WEEK)).toMatchObject({ sent: 4, uncertain: 0 });
    expect(await ledger.failures(WEEK)).toEqual([]);
    // Its provider id is known now: later events about it are found by id alone.
    await deliver(event('email.opened', { email_id: 're_dee', to: ['dee@example.com'] }));
    expect((await rows()).at(-1)).toMatchObject({ type: 'email.opened', week: WEEK, subscriber_id: ids.dee });
    expect((await h.subscribers.findById(ids.cy!))?.status).toBe('active');
  });

  it('is idempotent by event id: a redelivery answers 200 and changes nothing', async () => {
    const payload = event('email.complained', { email_id: 're_cy', to: ['cy@example.com'] });
    expect(await (await deliver(payload, { id: 'msg_same' })).json()).toEqual({
      received: true,
      duplicate: false,
    });
    await h.subscribers.setStatus(ids.cy!, 'active'); // an operator's decision must not be undone by a retry
    h.advance(60_000);
    const again = await deliver(payload, { id: 'msg_same' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect((await h.subscribers.findById(ids.cy!))?.status).toBe('active');
    expect(await rows()).toHaveLength(1);
  });

  it('suppresses an address the provider refuses from its suppression list, saying why', async () => {
    await deliver(
      event('email.suppressed', {
        email_id: 're_ada',
        to: ['ada@example.com'],
        tags: { week: WEEK },
        suppressed: { reason: 'previous_bounce', type: 'OnAccountSuppressionList', message: 'on the list' },
      }),
    );
    expect(await h.subscribers.findById(ids.ada!)).toMatchObject({
      status: 'bounced',
      suppressed_reason: 'suppressed by the provider (previous bounce)',
    });
    await deliver(
      event('email.bounced', {
        email_id: 're_bob',
        to: ['bob@example.com'],
        bounce: { type: 'Permanent', subType: 'General', message: 'mailbox does not exist' },
      }),
    );
    expect((await h.subscribers.findById(ids.bob!))?.suppressed_reason).toBe(
      'hard bounce (Permanent, General: mailbox does not exist)',
    );
    await deliver(event('email.complained', { email_id: 're_cy', to: ['cy@example.com'] }));
    expect((await h.subscribers.findById(ids.cy!))?.suppressed_reason).toBe('marked the digest as spam');
  });

  it('marks a delivery failed, with the provider’s reason, when the provider says it failed after all', async () => {
    const ledger = createLedgerStore({ db: h.db, dialect }, h.clock);
    await deliver(
      event('email.failed', {
        email_id: 're_cy',
        to: ['cy@example.com'],
        tags: { week: WEEK },
        failed: { reason: 'reached_daily_quota' },
      }),
    );
    expect(await ledger.deliveryStatus(WEEK, ids.cy!)).toBe('failed');
    expect(await ledger.counts(WEEK)).toMatchObject({ sent: 2, failed: 1, uncertain: 1 });
    expect(await ledger.failures(WEEK)).toContainEqual({
      email: 'cy@example.com',
      status: 'failed',
      error: 'reached_daily_quota',
    });
    expect((await h.subscribers.findById(ids.cy!))?.status).toBe('active');
  });

  it('suppresses an address after soft bounces on three different editions, not three in one', async () => {
    const ledger = createLedgerStore({ db: h.db, dialect }, h.clock);
    for (const week of ['2026-W03', '2026-W04']) {
      await ledger.startEdition({ week, subject: 's', preheader: 'p', html: 'h', text: 't' });
      const [batch] = await ledger.freezeBatches(week, {
        size: 100,
        maxBatches: 1,
        owner: 'x',
        leaseMs: 60_000,
      });
      await ledger.completeBatch(
        week,
        1,
        batch!.recipients.map((r) => ({
          subscriberId: r.subscriberId,
          outcome: { ok: true, providerId: `${week}-${r.subscriberId}` },
        })),
      );
    }
    const soft = (week: string) =>
      event('email.bounced', {
        to: ['bob@example.com'],
        tags: { week },
        bounce: { type: 'Transient', subType: 'MailboxFull', message: 'mailbox full' },
      });
    for (let i = 0; i < 3; i++) await deliver(soft(WEEK));
    await deliver(soft('2026-W03'));
    expect((await h.subscribers.findById(ids.bob!))?.status).toBe('active');
    await deliver(soft('2026-W04'));
    expect(await h.subscribers.findById(ids.bob!)).toMatchObject({
      status: 'bounced',
      suppressed_reason: 'soft bounces on 3 editions (2026-W02, 2026-W03, 2026-W04)',
    });
    expect((await rows()).every((row) => row.kind === 'soft_bounced')).toBe(true);
  });

  it('refuses forged, tampered, replayed, unsigned and malformed webhooks, recording nothing', async () => {
    const payload = event('email.complained', { email_id: 're_ada', to: ['ada@example.com'] });
    const refuse = async (response: Response, status: number, error: string) => {
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error });
    };
    await refuse(
      await deliver(payload, {
        secret: `whsec_${Buffer.from('someone-else-entirely!!').toString('base64')}`,
      }),
      401,
      'invalid_signature',
    );
    const signed = signWebhook(WEBHOOK_SECRET, 'msg_t', h.clock(), payload);
    await refuse(
      await h.request('/webhooks/resend', {
        method: 'POST',
        headers: signed,
        body: payload.replace('re_ada', 're_bob'),
      }),
      401,
      'invalid_signature',
    );
    await refuse(
      await deliver(payload, { at: new Date(h.clock().getTime() - 6 * 60_000) }),
      401,
      'stale_timestamp',
    );
    await refuse(
      await deliver(payload, { at: new Date(h.clock().getTime() + 6 * 60_000) }),
      401,
      'stale_timestamp',
    );
    // A captured, genuine request replayed after the window.
    const captured = signWebhook(WEBHOOK_SECRET, 'msg_captured', h.clock(), payload);
    h.advance(5 * 60_000 + 1000);
    await refuse(
      await h.request('/webhooks/resend', { method: 'POST', headers: captured, body: payload }),
      401,
      'stale_timestamp',
    );
    await refuse(await deliver(payload, { headers: { 'svix-timestamp': 'soon' } }), 401, 'stale_timestamp');
    await refuse(
      await h.request('/webhooks/resend', { method: 'POST', body: payload }),
      400,
      'missing_signature',
    );
    await refuse(await deliver(payload, { headers: { 'svix-signature': 'v1,' } }), 401, 'invalid_signature');
    await refuse(await deliver('not json'), 400, 'invalid_event');
    await refuse(await deliver(JSON.stringify({ data: {} })), 400, 'invalid_event');
    await refuse(
      await deliver(JSON.stringify({ type: 'email.bounced', data: { to: 5 } })),
      400,
      'invalid_event',
    );
    await refuse(
      await deliver(event('email.delivered', { padding: 'x'.repeat(300 * 1024) })),
      413,
      'payload_too_large',
    );
    expect(await rows()).toHaveLength(0);
    expect((await h.subscribers.findById(ids.ada!))?.status).toBe('active');
  });
});

describe('Resend webhooks without RESEND_WEBHOOK_SECRET', () => {
  it('answer 404 and say how to turn them on', async () => {
    const h = await serverHarness('sqlite');
    try {
      const response = await h.request('/webhooks/resend', { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_configured' });
    } finally {
      await h.close();
    }
  });
});
