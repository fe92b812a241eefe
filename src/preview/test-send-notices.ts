import { randomUUID } from 'node:crypto';
import type { TestSendNotice } from './edition-page.ts';

const KEPT = 50;

/**
 * What the last test sends said, kept in the preview process: the page after a send shows its notice
 * by an id no other site can guess (`?notice=…`), and the form is filled with the address last sent
 * to. Nothing in a URL can put words in the notice or an address in the form.
 */
export function createTestSendNotices() {
  const notices = new Map<string, TestSendNotice>();
  let lastAddress = '';
  return {
    /** Keeps a notice (the oldest goes past KEPT) and returns its id. */
    add(notice: TestSendNotice, address?: string): string {
      const id = randomUUID();
      notices.set(id, notice);
      if (notices.size > KEPT) notices.delete(notices.keys().next().value as string);
      if (address) lastAddress = address;
      return id;
    },
    get: (id: string | undefined) => (id ? notices.get(id) : undefined),
    lastAddress: () => lastAddress,
  };
}
