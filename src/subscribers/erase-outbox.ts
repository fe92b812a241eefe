import { open, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { outboxFileName } from '../send/outbox-transport.ts';

/**
 * Deletes every outbox message addressed to `email` under `<outboxRoot>` (digests, test copies,
 * confirmation and welcome emails), and a per-email folder left empty by it. A file qualifies by its
 * name (`<id>-<address>.eml`) and is checked against its `To:` header before it goes, since names
 * flatten unusual characters. Returns how many files were deleted.
 */
export async function eraseOutboxMessages(outboxRoot: string, email: string): Promise<number> {
  const suffix = outboxFileName({ subscriberId: 0, to: email }).slice('00000000-'.length);
  const named = (name: string) => /^\d{8}-/.test(name) && name.slice(9) === suffix;
  let deleted = 0;
  const walk = async (dir: string, depth: number): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let remaining = entries.length;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 3) {
        if (await walk(path, depth + 1)) remaining--;
      } else if (entry.isFile() && named(entry.name) && (await addressedTo(path, email))) {
        await rm(path);
        deleted++;
        remaining--;
      }
    }
    // A per-email folder (transactional/<time>-<kind>-<id>) that held only this person's message.
    if (remaining === 0 && depth >= 2) {
      await rmdir(dir).catch(() => undefined);
      return true;
    }
    return false;
  };
  await walk(outboxRoot, 0);
  return deleted;
}

async function addressedTo(path: string, email: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    const head =
      buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0] ?? '';
    const to = /^To:\s*(.*)$/im.exec(head)?.[1]?.trim().toLowerCase() ?? '';
    return to === email || to.endsWith(`<${email}>`);
  } finally {
    await file.close();
  }
}
