import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toMime } from './mime.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from './transport.ts';

export interface OutboxOptions {
  /** Folder the .eml files are written to, e.g. out/outbox/2026-W48. */
  dir: string;
  /** Host part of generated Message-IDs. */
  messageIdHost: string;
  /** The Date header; fixed per edition so a re-written file says the same. */
  date: Date;
}

/**
 * Writes one RFC 5322 file per message instead of sending: the embedded default, with no API key and
 * no server. The file name is a function of the recipient, so writing a batch again is harmless.
 */
export function createOutboxTransport(options: OutboxOptions): Transport {
  return {
    name: 'outbox',
    maxBatchSize: 100,
    async sendBatch(messages: readonly OutgoingMessage[], { idempotencyKey }): Promise<BatchOutcome> {
      await mkdir(options.dir, { recursive: true });
      const outcomes = [];
      for (const message of messages) {
        const name = outboxFileName(message);
        const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${message.subscriberId}@${options.messageIdHost}>`;
        const mime = await toMime(message, { messageId, date: options.date });
        const path = join(options.dir, name);
        // Write then rename, so a crash never leaves half a message behind.
        await writeFile(`${path}.tmp`, mime);
        await rename(`${path}.tmp`, path);
        outcomes.push({ ok: true as const, providerId: `outbox:${name}` });
      }
      return { kind: 'accepted', outcomes };
    },
  };
}

/** `00000042-ada-example.com.eml`: sortable by subscriber id, readable, safe on every file system. */
export function outboxFileName(message: Pick<OutgoingMessage, 'subscriberId' | 'to'>): string {
  const address = message.to.replace(/[^A-Za-z0-9@._+-]/g, '_').replace('@', '-at-');
  return `${String(message.subscriberId).padStart(8, '0')}-${address}.eml`;
}
