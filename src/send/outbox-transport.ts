import { createHash } from 'node:crypto';
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
      await mkdir(options.dir, { recursive: true }).catch((error: unknown) => {
        throw outboxError(error, options.dir, messages[0]?.subscriberId ?? 0);
      });
      const outcomes = [];
      for (const message of messages) {
        const name = outboxFileName(message);
        const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${message.subscriberId}@${options.messageIdHost}>`;
        const mime = await toMime(message, { messageId, date: options.date });
        const path = join(options.dir, name);
        // Write then rename, so a crash never leaves half a message behind.
        await writeFile(`${path}.tmp`, mime)
          .then(() => rename(`${path}.tmp`, path))
          .catch((error: unknown) => {
            throw outboxError(error, options.dir, message.subscriberId);
          });
        outcomes.push({ ok: true as const, providerId: `outbox:${name}` });
      }
      return { kind: 'accepted', outcomes };
    },
  };
}

/** The longest address part of a file name: file systems allow 255 bytes, and `.tmp` is added while writing. */
const MAX_ADDRESS_IN_NAME = 100;

/**
 * `00000042-ada-at-example.com.eml`: sortable by subscriber id, readable, safe on every file system. An
 * address too long for a file name is cut and followed by a hash of it, so names stay distinct.
 */
export function outboxFileName(message: Pick<OutgoingMessage, 'subscriberId' | 'to'>): string {
  let address = message.to.replace(/[^A-Za-z0-9@._+-]/g, '_').replace('@', '-at-');
  if (address.length > MAX_ADDRESS_IN_NAME) {
    const hash = createHash('sha256').update(message.to).digest('hex').slice(0, 12);
    address = `${address.slice(0, MAX_ADDRESS_IN_NAME - 13)}~${hash}`;
  }
  return `${String(message.subscriberId).padStart(8, '0')}-${address}.eml`;
}

/** A write that failed, named by subscriber id: the file's path spells the address. */
function outboxError(error: unknown, dir: string, subscriberId: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  return new Error(
    `The outbox could not write the message to subscriber ${subscriberId} in ${dir}: ${code}.`,
  );
}
