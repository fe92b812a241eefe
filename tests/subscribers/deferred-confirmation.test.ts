import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTransactionalTemplates } from '../../src/render/transactional.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from '../../src/send/transport.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import {
  CONFIRMATION_RETRY_MS,
  deferredConfirmations,
} from '../../src/subscribers/deferred-confirmations.ts';
import { signUp } from '../../src/subscribers/signup.ts';
import { createTransactionalMailer } from '../../src/subscribers/transactional-mailer.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const PUBLIC_URL = 'https://news.example.com';
const SECRET = 'test-secret-of-sufficient-length';
const QUOTA: BatchOutcome = {
  kind: 'quota',
  quota: 'daily',
  reason: '429 daily_quota_exceeded: You have reached your daily email sending quota.',
};

/** A signup whose confirmation meets a used-up quota: kept, and its email sent once the quota resets. */
describe.each(DIALECTS)('confirmations the quota refused, on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: StoreHandle;
  let now: Date;
  let answers: BatchOutcome[];
  let sent: OutgoingMessage[];

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = await openDatabase(testDb.url);
    now = new Date('2026-12-01T09:00:00.000Z');
    answers = [];
    sent = [];
  });
  afterEach(async () => {
    await handle.close();
    await testDb.cleanup();
  });

  async function parts() {
    const clock = () => now;
    const transport: Transport = {
      name: 'scripted',
      maxBatchSize: 1,
      async sendBatch(messages) {
        const answer = answers.shift() ?? { kind: 'accepted', outcomes: [{ ok: true, providerId: 're_ok' }] };
        if (answer.kind === 'accepted') sent.push(...messages);
        return answer;
      },
    };
    const mailer = createTransactionalMailer({
      templates: await loadTransactionalTemplates(),
      transportFor: () => transport,
      settings: {
        from: 'Weekly Verdicts <digest@news.example.org>',
        siteUrl: 'https://verdicts.example.com',
        publicUrl: PUBLIC_URL,
        secret: SECRET,
        postalAddress: 'Weekly Verdicts, 1 Example St',
        timezone: 'UTC',
      },
      clock,
      sleep: async () => {},
    });
    const subscribers = createSubscriberStore(handle.db, clock);
    const deferred = deferredConfirmations({
      db: handle.db,
      mailer,
      clock,
      secret: SECRET,
      publicUrl: PUBLIC_URL,
    });
    const signup = (email: string) =>
      signUp(
        {
          subscribers,
          mailer,
          clock,
          secret: SECRET,
          publicUrl: PUBLIC_URL,
          allowEmailTo: async () => true,
          deferConfirmation: (id) => deferred.defer(id),
        },
        { email },
      );
    return { subscribers, deferred, signup };
  }

  it('keeps the signup, tries again hourly, and sends a working link once the quota allows', async () => {
    const { subscribers, deferred, signup } = await parts();
    answers.push(QUOTA);
    const outcome = await signup('ada@example.com');
    expect(outcome).toMatchObject({ kind: 'created', mail: { ok: false, quota: true } });
    expect(await subscribers.findByEmail('ada@example.com')).toMatchObject({
      status: 'pending',
      confirm_retry_at: new Date(now.getTime() + CONFIRMATION_RETRY_MS).toISOString(),
    });
    expect(await deferred.sendDue()).toEqual({ sent: 0, deferred: 0, dropped: 0 });
    now = new Date(now.getTime() + CONFIRMATION_RETRY_MS);
    answers.push(QUOTA);
    expect(await deferred.sendDue()).toEqual({ sent: 0, deferred: 1, dropped: 0 });
    now = new Date(now.getTime() + CONFIRMATION_RETRY_MS);
    expect(await deferred.sendDue()).toEqual({ sent: 1, deferred: 0, dropped: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('ada@example.com');
    expect(sent[0]!.text).toMatch(/https:\/\/news\.example\.com\/confirm\?token=[\w.-]+/);
    expect((await subscribers.findByEmail('ada@example.com'))?.confirm_retry_at).toBeNull();
    expect(await deferred.sendDue()).toEqual({ sent: 0, deferred: 0, dropped: 0 });
  });

  it('sends nothing to someone who confirmed or left meanwhile', async () => {
    const { subscribers, deferred, signup } = await parts();
    answers.push(QUOTA, QUOTA);
    await signup('ada@example.com');
    await signup('bob@example.com');
    const ada = await subscribers.findByEmail('ada@example.com');
    await subscribers.setStatus(ada!.id, 'active');
    now = new Date(now.getTime() + CONFIRMATION_RETRY_MS);
    expect(await deferred.sendDue()).toEqual({ sent: 1, deferred: 0, dropped: 1 });
    expect(sent.map((m) => m.to)).toEqual(['bob@example.com']);
  });
});
