import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../../src/render/placeholders.ts';
import type { RenderedEdition, SenderSettings } from '../../src/send/personalize.ts';
import type { SendDeps } from '../../src/send/send-run.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from '../../src/send/transport.ts';
import { createLedgerStore } from '../../src/store/ledger/ledger-store.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createSubscriberStore } from '../../src/store/subscriber-store.ts';
import { createTestDatabase, type TestDialect } from './databases.ts';

export const settings: SenderSettings = {
  from: 'Weekly Verdicts <digest@verdicts.example.com>',
  publicUrl: 'https://news.example.com',
  secret: 'test-secret-of-sufficient-length',
};

export function editionFor(week: string, marker = 'v1'): RenderedEdition {
  return {
    week,
    subject: `Digest ${week}`,
    preheader: 'preheader',
    html: `<p>${marker}</p><p>Sent to ${RECIPIENT_EMAIL_PLACEHOLDER}</p><a href="${UNSUBSCRIBE_URL_PLACEHOLDER}">Unsubscribe</a>`,
    text: `${marker}\nSent to ${RECIPIENT_EMAIL_PLACEHOLDER}\nUnsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}\n`,
  };
}

/** A store on a fresh database with `count` active subscribers (sub0001@example.com …). */
export async function storeWithSubscribers(dialect: TestDialect, count: number) {
  const database = await createTestDatabase(dialect);
  const handle: StoreHandle = await openDatabase(database.url);
  let now = new Date('2026-11-30T09:00:00Z');
  const clock = () => now;
  const subscribers = createSubscriberStore(handle.db, clock);
  const emails = Array.from({ length: count }, (_, i) => `sub${String(i + 1).padStart(4, '0')}@example.com`);
  await subscribers.importMany(
    emails.map((email) => ({ email })),
    { status: 'active', source: 'test' },
  );
  return {
    url: database.url,
    handle,
    emails,
    subscribers,
    ledger: createLedgerStore(handle, clock),
    clock,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    async close() {
      await handle.close();
      await database.cleanup();
    },
  };
}

/**
 * An in-memory provider that records every message it accepts. `script` decides each request's fate:
 * 'ok', 'lost' (accepted, answer lost), 'retry' (5xx, nothing accepted) or 'fatal'.
 */
export function recordingTransport(
  script: (request: number) => 'ok' | 'lost' | 'retry' | 'fatal' = () => 'ok',
) {
  const delivered: OutgoingMessage[] = [];
  const byKey = new Map<string, BatchOutcome>();
  let requests = 0;
  const transport: Transport = {
    name: 'recording',
    maxBatchSize: 100,
    async sendBatch(messages, { idempotencyKey }) {
      requests++;
      const fate = script(requests);
      if (fate === 'retry') return { kind: 'retry', reason: '503 injected' };
      if (fate === 'fatal') return { kind: 'fatal', reason: '401 injected' };
      // Like Resend: the same key is answered from memory, not delivered again.
      const replay = byKey.get(idempotencyKey);
      if (replay) return replay;
      delivered.push(...messages);
      const outcome: BatchOutcome = {
        kind: 'accepted',
        outcomes: messages.map((m) => ({ ok: true, providerId: `id-${m.subscriberId}` })),
      };
      byKey.set(idempotencyKey, outcome);
      return fate === 'lost' ? { kind: 'retry', reason: 'connection reset after accept' } : outcome;
    },
  };
  return {
    transport,
    delivered,
    get requests() {
      return requests;
    },
  };
}

export function deps(
  store: Awaited<ReturnType<typeof storeWithSubscribers>>,
  transport: Transport,
  extra: Partial<SendDeps> = {},
): SendDeps {
  return {
    ledger: store.ledger,
    transport,
    clock: store.clock,
    sleep: async () => {},
    random: () => 0.5,
    ...extra,
  };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
